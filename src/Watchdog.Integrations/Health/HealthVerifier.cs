using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Health;

/// <summary>
/// Verifies a rollback by probing the health endpoint over a window and, optionally, reading the
/// version endpoint. The rules are on <see cref="VerificationOptions"/>. Never throws for a failed
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
        var planned = PlannedProbes(_options);
        var budget = (int)Math.Floor(_options.MaxErrorRate * planned + 1e-9);
        // Sized so nothing expires: every probe of the verification counts.
        var window = new ProbeWindow(_options.Window + _options.Interval + _health.Timeout, planned);
        var started = _time.GetTimestamp();
        int healthy = 0, failed = 0;
        ProbeReport last = default;
        string? firstFailure = null;
        var url = SafeUrl.Display(_probe.Url);

        for (var n = 1; n <= planned; n++)
        {
            if (n > 1)
            {
                // Keep a steady cadence: a slow probe shortens the next wait rather than stretching the window.
                var wait = _options.Interval * (n - 1) - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, _time, ct);
            }

            last = await _probe.RunAsync(ct);
            window.Add(last.Result);
            if (last.Outcome == ProbeOutcome.Healthy)
            {
                healthy++;
                continue;
            }

            failed++;
            firstFailure ??= $"probe {n}: {Describe(last)}";
            Log.VerificationProbeFailed(_logger, n, planned, url, last.Outcome, last.Detail);
            if (failed > budget)
            {
                return StepOutcome.Failure(
                    $"health probe {n} of {planned} {Describe(last)}; {healthy}/{n} healthy so far; " +
                    $"max error rate {Percent(_options.MaxErrorRate)} allows {budget} failed of {planned}");
            }
        }

        if (last.Outcome != ProbeOutcome.Healthy)
            return StepOutcome.Failure($"health {healthy}/{planned} healthy, but the last probe {Describe(last)}");

        var readings = new Reading[4];
        window.Read(_time.GetUtcNow(), readings);
        var p95 = readings[2].HasValue ? SignalFormat.Value(Signal.LatencyP95, readings[2].Value) : "n/a";
        var health = $"health {healthy}/{planned} healthy over {SignalFormat.Duration(_options.Window)}, p95 {p95}";
        if (failed > 0)
            health += $" ({failed} failed within the {Percent(_options.MaxErrorRate)} budget; first {firstFailure})";

        if (_options.VersionUrl is null)
            return StepOutcome.Success(health);

        var (ok, seen) = await CheckVersionAsync(expected, ct);
        return ok
            ? StepOutcome.Success($"{health}; version endpoint shows {seen}")
            : StepOutcome.Failure($"{health}; but {seen}");
    }

    internal static int PlannedProbes(VerificationOptions o) => (int)(o.Window.Ticks / o.Interval.Ticks) + 1;

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
            default:
                return (false, $"version endpoint {path} JSON has no \"{_options.VersionField}\" value");
        }

        return SameVersion(seen, expected.Version)
            ? (true, TopLevelField.Printable(seen))
            : (false, $"version endpoint {path} shows {TopLevelField.Printable(seen)}, expected {expected.Version}");
    }

    /// <summary>Equal, or both git commit hashes of which one abbreviates the other (a short SHA against a full one).</summary>
    internal static bool SameVersion(string seen, string expected)
    {
        seen = seen.Trim();
        expected = expected.Trim();
        if (string.Equals(seen, expected, StringComparison.Ordinal)) return true;
        if (seen.Length < 7 || expected.Length < 7 || !seen.All(char.IsAsciiHexDigit) || !expected.All(char.IsAsciiHexDigit)) return false;
        var (shorter, longer) = seen.Length <= expected.Length ? (seen, expected) : (expected, seen);
        return longer.StartsWith(shorter, StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(in ProbeReport r) => r.Outcome switch
    {
        ProbeOutcome.Unreachable => $"unreachable ({r.Detail})",
        _ => $"unhealthy ({r.Detail})",
    };

    private static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
