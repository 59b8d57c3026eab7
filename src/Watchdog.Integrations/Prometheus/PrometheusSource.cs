using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// Measures one service from Prometheus: each tick runs every configured query (and the sample count
/// query) as an instant query at the same moment, in parallel, and turns each answer into a reading.
/// One series or a scalar is a value; no series, NaN and ±Inf are <see cref="ReadingState.NoData"/>;
/// several series, error envelopes, non-2xx answers, bad JSON and timeouts are <see cref="ReadingState.Error"/>.
/// </summary>
/// <remarks>
/// <see cref="Reset"/> keeps nothing to forget: Prometheus holds the history, and its range (5m by default)
/// still covers the old deployment for a while after a rollback. A rule whose <c>For</c> is at least that
/// range cannot fire on the old deployment's errors, since by the time it fires the whole window is new.
/// </remarks>
public sealed class PrometheusSource : ISignalSource
{
    private const string SamplesKey = "Samples";

    /// <summary>Prometheus refuses a range query of more points per series than this (<c>bad_data</c>).</summary>
    public const int MaxPoints = 11_000;

    private readonly PrometheusClient _client;
    private readonly PrometheusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly (Signal Signal, string Query)[] _queries;
    private readonly string? _samplesQuery;
    private readonly Lock _gate = new();
    private readonly Dictionary<Signal, string> _failing = [];
    private readonly Dictionary<string, string> _warned = [];

    /// <param name="http">A client without retries or circuit breaking: every failure is a measurement.</param>
    /// <param name="service">The watched service; replaces <c>"{service}"</c> in every query.</param>
    public PrometheusSource(HttpClient http, PrometheusOptions options, string service, TimeProvider time, ILogger<PrometheusSource> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var problems = PrometheusOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0) throw new ArgumentException("Invalid Prometheus options: " + string.Join(" ", problems), nameof(options));

        _options = options;
        _client = new PrometheusClient(http, options, time);
        _time = time;
        _logger = logger;
        Service = service;
        _queries = [.. options.Queries.Where(q => !string.IsNullOrWhiteSpace(q.Value)).OrderBy(q => q.Key)
            .Select(q => (q.Key, QueryTemplate.Render(q.Value, service)))];
        _samplesQuery = string.IsNullOrWhiteSpace(options.SamplesQuery) ? null : QueryTemplate.Render(options.SamplesQuery, service);
    }

    public string Name => _options.Name;

    /// <summary>One round is one request at a time (or several at once): the per-request limit.</summary>
    public TimeSpan Timeout => _options.Timeout;

    public string Service { get; }

    /// <summary>The queries as sent, service name in place, for a status page or a person checking them in Prometheus's UI.</summary>
    public IReadOnlyDictionary<Signal, string> Queries => _queries.ToDictionary(q => q.Signal, q => q.Query);

    public async Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
    {
        // One evaluation time for all queries, so a rate and its sample count describe the same window.
        var at = _time.GetUtcNow();
        var samples = _samplesQuery is null ? null : _client.QueryAsync(_samplesQuery, at, cancellationToken);
        var answers = _queries.Select(q => _client.QueryAsync(q.Query, at, cancellationToken)).ToArray();
        await Task.WhenAll(samples is null ? answers : [.. answers, samples]);

        Measurement? count = null;
        if (samples is not null)
        {
            LogWarnings(SamplesKey, samples.Result);
            count = Measurement.FromInstant(samples.Result);
        }

        var readings = new Reading[_queries.Length];
        for (var i = 0; i < _queries.Length; i++)
        {
            var signal = _queries[i].Signal;
            LogWarnings(signal.ToString(), answers[i].Result);
            readings[i] = Measurement.ToReading(signal, Measurement.FromInstant(answers[i].Result), count, at) with { Source = Name };
            LogOutcome(readings[i]);
        }

        return readings;
    }

    /// <summary>
    /// The same readings over history, one per signal at each of <paramref name="start"/>, +<paramref name="step"/>, …
    /// up to <paramref name="end"/>, from <c>query_range</c>: what this source would have reported then. For replaying
    /// rules over the past. Failures mark every step. Ordered by time, then by signal. At most <see cref="MaxPoints"/> steps.
    /// </summary>
    /// <param name="progress">Told as each query's history arrives ("error-rate 2/3"), for a person waiting on a long range.</param>
    public async Task<IReadOnlyList<Reading>> ReadRangeAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        if ((end - start) / step >= MaxPoints)
            throw new ArgumentException($"{(end - start) / step + 1:0} steps: Prometheus returns at most {MaxPoints} points per series; split the range or widen the step.", nameof(step));
        var samples = _samplesQuery is null ? null : _client.QueryRangeAsync(_samplesQuery, start, end, step, cancellationToken);
        var answers = _queries.Select(q => _client.QueryRangeAsync(q.Query, start, end, step, cancellationToken)).ToArray();
        var all = samples is null ? answers : [.. answers, samples];
        var done = 0;
        progress?.Report($"asking Prometheus for {all.Length} series of {(end - start) / step + 1:0} steps each");
        foreach (var (answer, what) in all.Select((a, i) => (a, i < _queries.Length ? _queries[i].Signal.ToString() : "sample counts")))
            _ = answer.ContinueWith(_ => progress?.Report($"read {what} ({Interlocked.Increment(ref done)}/{all.Length})"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.WhenAll(all);

        var countAt = samples is null ? null : Measurement.FromRange(samples.Result);
        var valueAt = answers.Select(a => Measurement.FromRange(a.Result)).ToArray();
        var readings = new List<Reading>();
        // Prometheus evaluates at start + k·step exactly; whole milliseconds are what its JSON carries.
        var startMs = start.ToUnixTimeMilliseconds();
        var stepMs = (long)step.TotalMilliseconds;
        for (var t = startMs; t <= end.ToUnixTimeMilliseconds(); t += stepMs)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(t);
            Measurement? count = countAt?.Invoke(at);
            for (var i = 0; i < _queries.Length; i++)
                readings.Add(Measurement.ToReading(_queries[i].Signal, valueAt[i](at), count, at) with { Source = Name });
        }

        return readings;
    }

    /// <summary>Nothing to forget; see the remarks on the class.</summary>
    public void Reset()
    {
    }

    private void LogOutcome(in Reading reading)
    {
        string? before;
        lock (_gate)
        {
            _failing.TryGetValue(reading.Signal, out before);
            if (reading.State == ReadingState.Error) _failing[reading.Signal] = reading.Reason!;
            else _failing.Remove(reading.Signal);
        }

        var url = SafeUrl.Display(_client.BaseUrl);
        switch (reading.State)
        {
            case ReadingState.Error when before == reading.Reason:
                Log.QueryStillFailing(_logger, Name, url, reading.Signal, Service, reading.Reason!);
                break;
            case ReadingState.Error:
                Log.QueryFailed(_logger, Name, url, reading.Signal, Service, reading.Reason!);
                break;
            case ReadingState.NoData:
                if (before is not null) Log.QueryRecovered(_logger, Name, url, reading.Signal, Service);
                Log.NoData(_logger, Name, reading.Signal, Service, reading.Reason!);
                break;
            default:
                if (before is not null) Log.QueryRecovered(_logger, Name, url, reading.Signal, Service);
                break;
        }
    }

    /// <summary>Each distinct warning once: a query with a standing warning would otherwise repeat it every tick.</summary>
    private void LogWarnings(string query, PrometheusResponse answer)
    {
        var all = string.Join(" | ", answer.Warnings);
        lock (_gate)
        {
            if (all.Length == 0) { _warned.Remove(query); return; }
            if (_warned.TryGetValue(query, out var seen) && seen == all) return;
            _warned[query] = all;
        }

        foreach (var warning in answer.Warnings)
            Log.Warned(_logger, Name, query, Service, warning);
    }
}
