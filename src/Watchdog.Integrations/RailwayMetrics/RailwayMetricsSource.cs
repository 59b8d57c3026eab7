using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Railway;

namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>
/// Reads a Railway service's <see cref="Signal.ErrorRate"/> (5xx ÷ all requests, from <c>httpMetricsGroupedByStatus</c>)
/// and <see cref="Signal.LatencyP95"/> (from <c>httpDurationMetrics</c>, one whole-window sample) over the last
/// <see cref="RailwayMetricsOptions.Window"/> (API-NOTES.md §9), so a team without Prometheus still sees both.
/// Both readings count the window's requests as their samples. Two calls a round, no more often than
/// <see cref="RailwayMetricsOptions.MinInterval"/>.
/// </summary>
public sealed class RailwayMetricsSource : ISignalSource
{
    private readonly RailwayMetricsOptions _options;
    private readonly RailwayGraphQl _graphQl;
    private readonly SourceRounds _rounds;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _failing = [];

    /// <param name="http">Best without retries: every failed call is a measurement.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="RailwayMetricsOptionsValidator"/>).</exception>
    public RailwayMetricsSource(HttpClient http, RailwayMetricsOptions options, TimeProvider time, ILogger<RailwayMetricsSource> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var problems = RailwayMetricsOptionsValidator.Problems(options);
        if (problems.Count > 0) throw new ArgumentException("Invalid Railway metrics options: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _rounds = new SourceRounds(options.MinInterval, time);
        _logger = logger;
        _graphQl = new RailwayGraphQl(http, options.Connection(), time);
    }

    public string Name => _options.Name;

    /// <summary>One round is one request at a time (or several at once): the per-request limit.</summary>
    public TimeSpan Timeout => _options.Timeout;

    public async Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_rounds.TryKept(out var kept, out var round)) return kept;

        var (now, span) = (round.At, RailwayMetricsSpan.For(_options.Window, round.At, round.ResetAt));
        Reading[] readings = span.IsEmpty
            ? [Reading.NoData(Signal.ErrorRate, now, "no time has passed since the reset"), Reading.NoData(Signal.LatencyP95, now, "no time has passed since the reset")]
            : await MeasureAsync(span, now, cancellationToken);

        var result = Array.ConvertAll(readings, r => r with { Source = Name, Window = span.Length });
        _rounds.Keep(round, result);
        return result;
    }

    /// <summary>
    /// Forgets the kept readings and asks from this instant on (<c>startDate</c> = the reset) until a whole window
    /// has passed, so requests served by the previous deployment are not judged against the new one.
    /// </summary>
    public void Reset() => _rounds.Reset();

    private async Task<Reading[]> MeasureAsync(RailwayMetricsSpan span, DateTimeOffset at, CancellationToken ct)
    {
        var requestsAsk = AskAsync(RailwayHttpMetrics.ByStatusOperation, RailwayHttpMetrics.ByStatus,
            RailwayHttpMetrics.Variables(_options, span, span.StepSeconds), RailwayHttpMetrics.Requests, ct);
        var p95Ask = AskAsync(RailwayHttpMetrics.DurationOperation, RailwayHttpMetrics.Duration,
            RailwayHttpMetrics.Variables(_options, span), RailwayHttpMetrics.P95Milliseconds, ct);
        var (requests, p95) = (await requestsAsk, await p95Ask);
        return [ErrorRate(requests, at), LatencyP95(requests, p95, at)];
    }

    private static Reading ErrorRate(PeerResult<HttpRequests> requests, DateTimeOffset at)
    {
        if (!requests.Ok) return Reading.Error(Signal.ErrorRate, at, "httpMetricsGroupedByStatus: " + requests.Error);
        var (total, serverErrors) = requests.Value;
        return total <= 0
            ? Reading.NoData(Signal.ErrorRate, at, "no requests in the window")
            : Reading.Of(Signal.ErrorRate, serverErrors / total, Samples(total), at);
    }

    /// <remarks>The window's request count is the latency's sample count too, so MinSamples guards it; without the count it cannot be judged.</remarks>
    private static Reading LatencyP95(PeerResult<HttpRequests> requests, PeerResult<double?> p95, DateTimeOffset at)
    {
        if (!p95.Ok) return Reading.Error(Signal.LatencyP95, at, "httpDurationMetrics: " + p95.Error);
        if (!requests.Ok) return Reading.Error(Signal.LatencyP95, at, "request count unknown, httpMetricsGroupedByStatus: " + requests.Error);
        if (requests.Value.Total <= 0) return Reading.NoData(Signal.LatencyP95, at, "no requests in the window");
        if (p95.Value is not { } ms) return Reading.NoData(Signal.LatencyP95, at, "no duration sample in the window");

        // Railway's durations are milliseconds; Watchdog's latency is in seconds.
        return Reading.Of(Signal.LatencyP95, ms / 1000, Samples(requests.Value.Total), at);
    }

    private static int Samples(double total) => (int)Math.Clamp(Math.Round(total), 1, int.MaxValue);

    private async Task<PeerResult<T>> AskAsync<T>(string operation, string document, JsonObject variables, Func<JsonElement, T> measure, CancellationToken ct)
    {
        var result = await PeerRead.GuardAsync<T, PeerRefusedException>(async () =>
            measure(await _graphQl.SendAsync(operation, document, variables, read: true, ct)));
        Observe(operation, result.Error);
        return result;
    }

    /// <summary>Logs a failure when it starts and the recovery when it ends, not every round in between.</summary>
    private void Observe(string operation, string? error)
    {
        bool changed;
        lock (_gate) changed = error is null ? _failing.Remove(operation) : _failing.Add(operation);
        if (!changed) return;
        if (error is null) Log.QueryRecovered(_logger, Name, operation);
        else Log.QueryFailed(_logger, Name, operation, error);
    }
}
