using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Http;

/// <summary>One round of a source's calls: when it began, the reset it must ask from (if any), and which reset it belongs to.</summary>
internal readonly record struct SourceRound(DateTimeOffset At, DateTimeOffset? ResetAt, int Generation);

/// <summary>
/// What a rate-limited source (Sentry, Railway metrics) keeps between rounds: the last readings, reused for
/// <c>minInterval</c> instead of calling again, and the last reset, so a round asks only from then on.
/// </summary>
internal sealed class SourceRounds(TimeSpan minInterval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Reading[]? _last;
    private DateTimeOffset _lastAt;
    private DateTimeOffset? _resetAt;
    private int _generation;

    /// <summary>The readings kept from a round less than <c>minInterval</c> ago, or else the round to run now.</summary>
    public bool TryKept(out Reading[] kept, out SourceRound round)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            round = new SourceRound(now, _resetAt, _generation);
            kept = _last ?? [];
            return _last is not null && now - _lastAt < minInterval;
        }
    }

    /// <summary>Keeps a round's readings for reuse, unless a reset came while it ran: then it measured the old deployment.</summary>
    public void Keep(SourceRound round, Reading[] readings)
    {
        lock (_gate)
        {
            if (round.Generation == _generation) (_last, _lastAt) = (readings, round.At);
        }
    }

    /// <summary>Drops the kept readings; rounds from now on ask from this instant.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _last = null;
            _resetAt = time.GetUtcNow();
            _generation++;
        }
    }
}
