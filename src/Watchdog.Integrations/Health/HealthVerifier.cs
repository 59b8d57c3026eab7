using System.Text;
using Watchdog.Core.Decisions;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Health;

/// <summary>
/// Measures a rollback: probes the health endpoint over a window and, optionally, reads the version
/// endpoint; <see cref="VerificationPolicy"/> judges what it measured. Never throws for a failed
/// check; only cancellation propagates.
/// </summary>
public sealed class HealthVerifier : IVerifier
{
    private readonly HttpClient _http;
    private readonly HealthOptions _health;
    private readonly VerificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HealthProbe _probe;

    public HealthVerifier(HttpClient http, HealthOptions health, VerificationOptions options, TimeProvider time, ILogger<HealthVerifier> logger)
    {
        _http = http;
        _health = health;
        _options = options;
        _time = time;
        _logger = logger;
        _probe = new HealthProbe(http, health, time);
    }

    public async Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken)
    {
        var outcome = await VerifyCoreAsync(expected, cancellationToken);
        Log.Verified(_logger, expected.Version, outcome.Ok, outcome.Detail);
        return outcome;
    }

    private async Task<StepOutcome> VerifyCoreAsync(Deployment expected, CancellationToken ct)
    {
        var plan = Plan(_options);
        // Sized so nothing expires: every probe of the verification counts.
        var window = new ProbeWindow(_options.Window + _options.Interval + _health.Timeout, plan.Probes);
        var started = _time.GetTimestamp();
        var tally = default(ProbeTally);
        string? lastFailure = null;
        var url = SafeUrl.Display(_probe.Url);

        for (var n = 1; n <= plan.Probes; n++)
        {
            if (n > 1)
            {
                // Keep a steady cadence: a slow probe shortens the next wait rather than stretching the window.
                var wait = _options.Interval * (n - 1) - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, _time, ct);
            }

            var probe = await _probe.RunAsync(ct);
            window.Add(probe.Result);
            lastFailure = probe.Outcome == ProbeOutcome.Healthy ? null : Describe(probe);
            tally = tally.Add(lastFailure);
            if (lastFailure is null) continue;
            Log.VerificationProbeFailed(_logger, n, plan.Probes, url, probe.Outcome, probe.Detail);
            if (VerificationPolicy.Spent(plan, tally, lastFailure) is { } spent) return StepOutcome.Failure(spent);
        }

        var readings = new Reading[4];
        window.Read(_time.GetUtcNow(), readings);
        var p95 = readings[2].HasValue ? SignalFormat.Value(Signal.LatencyP95, readings[2].Value) : "n/a";
        var (healthy, health) = VerificationPolicy.Health(plan, tally, lastFailure, p95);
        if (!healthy || _options.VersionUrl is null) return new StepOutcome(healthy, health);

        var (ok, seen) = await CheckVersionAsync(expected, ct);
        return ok
            ? StepOutcome.Success($"{health}; version endpoint shows {seen}")
            : StepOutcome.Failure($"{health}; but {seen}");
    }

    internal static VerificationPlan Plan(VerificationOptions o) => new(o.Window, o.Interval, o.MaxErrorRate);

    /// <returns>Whether the version matched, and what was seen (on failure, the whole reason).</returns>
    private async Task<(bool Ok, string Seen)> CheckVersionAsync(Deployment expected, CancellationToken ct)
    {
        var path = SafeUrl.Path(_options.VersionUrl);
        using var request = _probe.NewGet(_options.VersionUrl!);
        var x = await TimedExchange.SendAsync(_http, request, _health.Timeout, _health.MaxBodyBytes, r => r.IsSuccessStatusCode, _time, ct);

        if (!x.Answered) return (false, $"version endpoint {path} unreachable: {x.Failure}");
        if (!x.IsSuccessStatus) return (false, $"version endpoint {path} answered HTTP {(int)x.Status!.Value}");

        string seen;
        switch (TopLevelField.Find(x.Body, !x.Truncated, _options.VersionField, out var field))
        {
            case TopLevelField.Lookup.Found:
                seen = field.Trim();
                break;
            case TopLevelField.Lookup.NotJson:
                seen = Encoding.UTF8.GetString(x.Body).Trim();
                if (seen.Length == 0) return (false, $"version endpoint {path} returned an empty body");
                break;
            case TopLevelField.Lookup.BadEncoding:
                return (false, $"version endpoint {path}: \"{_options.VersionField}\" is not valid UTF-8");
            default:
                return (false, $"version endpoint {path} JSON has no \"{_options.VersionField}\" value");
        }

        return VerificationPolicy.SameVersion(seen, expected.Version)
            ? (true, TopLevelField.Printable(seen))
            : (false, $"version endpoint {path} shows {TopLevelField.Printable(seen)}, expected {expected.Version}");
    }

    private static string Describe(in ProbeReport r) => r.Outcome switch
    {
        ProbeOutcome.Unreachable => $"unreachable ({r.Detail})",
        // Counted as a failed probe: a verification that cannot read the answer has not seen the service restored.
        ProbeOutcome.Unreadable => $"could not be measured ({r.Detail})",
        _ => $"unhealthy ({r.Detail})",
    };
}
