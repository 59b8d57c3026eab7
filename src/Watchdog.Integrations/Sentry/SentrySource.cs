using System.Text.Json;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// Reads a Sentry project's <see cref="Signal.ErrorRate"/> (the share of failed transactions from events-stats,
/// see <see cref="SentryFailureRate"/>; or the event-count ratio, <see cref="SentryErrorRate"/>) and <see cref="Signal.CrashFreeRate"/> (from the
/// sessions endpoint) over the last <see cref="SentryOptions.Window"/>. Two calls a round (three with the event-count ratio) at most,
/// no more often than <see cref="SentryOptions.MinInterval"/>, and none while Sentry has asked for a pause.
/// </summary>
public sealed class SentrySource : ISignalSource
{
    private readonly SentryOptions _options;
    private readonly SentryClient _client;
    private readonly SourceRounds _rounds;

    /// <param name="http">
    /// Best without retries: this source waits out a 429 between rounds itself, instead of holding a poll
    /// inside a retry. A client with <c>ResilienceHandler</c> works too; its failures become Error readings.
    /// </param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="SentryOptionsValidator"/>).</exception>
    public SentrySource(HttpClient http, SentryOptions options, TimeProvider time, ILogger<SentrySource> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var problems = SentryOptionsValidator.Problems(options).ToList();
        if (problems.Count > 0) throw new ArgumentException("Invalid Sentry options: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _rounds = new SourceRounds(options.MinInterval, time);
        _client = new SentryClient(http, options, time, logger);
    }

    public string Name => _options.Name;

    /// <summary>A round asks one endpoint after the other (failure rate, then sessions), each within the request limit.</summary>
    public TimeSpan Timeout => _options.Timeout * ((_options.ErrorRate ? 1 : 0) + (_options.CrashFree ? 1 : 0));

    public async Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_rounds.TryKept(out var kept, out var round)) return kept;

        var (now, span) = (round.At, SentrySpan.For(_options.Window, round.At, round.ResetAt));
        var readings = new List<Reading>(2);
        if (_options.ErrorRate) readings.Add(await ReadErrorRateAsync(span, now, cancellationToken));
        if (_options.CrashFree) readings.Add(await ReadCrashFreeAsync(span, now, cancellationToken));

        var result = readings.Select(r => r with { Source = Name, Window = span.Covers }).ToArray();
        _rounds.Keep(round, result);
        return result;
    }

    /// <summary>
    /// Drops the readings kept for <see cref="SentryOptions.MinInterval"/> and, until a whole window has
    /// passed, asks for <c>start</c> = the reset instead of <c>statsPeriod</c>, so events of the previous
    /// deployment are not judged against the new one (Sentry may round <c>start</c> down to the interval, so up
    /// to one interval from before can remain). A rate-limit pause is the server's and stays.
    /// </summary>
    public void Reset() => _rounds.Reset();

    private async Task<Reading> ReadErrorRateAsync(SentrySpan span, DateTimeOffset at, CancellationToken ct)
    {
        if (span.IsEmpty) return Reading.NoData(Signal.ErrorRate, at, "no time has passed since the reset");
        if (_options.ErrorRateKind == SentryErrorRateKind.EventCount) return await ReadEventCountRatioAsync(span, at, ct);

        return await ReadOneAsync(Signal.ErrorRate, SentryClient.EventsStats, SentryQuery.FailureRate(_options, span), SentryFailureRate.From, "events-stats (failure_rate)", at, ct);
    }

    private async Task<Reading> ReadEventCountRatioAsync(SentrySpan span, DateTimeOffset at, CancellationToken ct)
    {
        var errors = await CountAsync(SentryQuery.EventsStats(_options, span, "errors", "error"), ct);
        if (!errors.HasValue) return errors.Failed(Signal.ErrorRate, at, "events-stats (errors)");

        var transactions = await CountAsync(SentryQuery.EventsStats(_options, span, "transactions", "transaction"), ct);
        if (!transactions.HasValue) return transactions.Failed(Signal.ErrorRate, at, "events-stats (transactions)");

        return SentryErrorRate.From(errors.Value, transactions.Value, _options.TransactionSampleRate, at);
    }

    private async Task<Reading> ReadCrashFreeAsync(SentrySpan span, DateTimeOffset at, CancellationToken ct)
    {
        if (span.IsEmpty) return Reading.NoData(Signal.CrashFreeRate, at, "no time has passed since the reset");

        return await ReadOneAsync(Signal.CrashFreeRate, SentryClient.Sessions, SentryQuery.Sessions(_options, span), SentrySessions.CrashFreeRate, "sessions", at, ct);
    }

    /// <summary>One call whose answer is the reading: its value with samples, or why not, prefixed with <paramref name="what"/>.</summary>
    private async Task<Reading> ReadOneAsync(Signal signal, string endpoint, Uri url, Func<JsonElement, SentryTally> measure, string what, DateTimeOffset at, CancellationToken ct)
    {
        var answer = await _client.GetAsync(endpoint, url, ct);
        var tally = answer.Ok ? measure(answer.Json) : SentryTally.Error(answer.Failure!);
        return tally.HasValue ? Reading.Of(signal, tally.Value, SentryTally.Clamp(tally.Samples), at) : tally.Failed(signal, at, what);
    }

    private async Task<SentryTally> CountAsync(Uri url, CancellationToken ct)
    {
        var answer = await _client.GetAsync(SentryClient.EventsStats, url, ct);
        return answer.Ok ? SentryEventsStats.Count(answer.Json) : SentryTally.Error(answer.Failure!);
    }
}
