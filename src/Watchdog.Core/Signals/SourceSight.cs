namespace Watchdog.Core.Signals;

/// <summary>How one source has been answering: failures in a row, in all, and whether Watchdog is blind to it.</summary>
public sealed record SourceState(string Source, int ConsecutiveErrors, long Errors, bool Blind, DateTimeOffset? FailingSince, string? LastReason);

/// <summary>
/// Tells when Watchdog has gone blind: a source that could not be asked for <c>blindAfter</c> ticks
/// in a row (every reading it gave was an Error). Blindness is reported once when it starts and once
/// when the source shows a value again: NoData (a source just reset, with nothing measured yet) is no
/// proof of sight. Blindness is never a reason to roll back.
/// </summary>
public sealed class SourceSight(int blindAfter)
{
    public enum Change
    {
        None,
        WentBlind,
        SeesAgain,
    }

    private readonly Dictionary<string, SourceState> _states = new(StringComparer.Ordinal);

    public IReadOnlyCollection<SourceState> States => _states.Values;

    public Change Observe(string source, IReadOnlyList<Reading> readings, DateTimeOffset now)
    {
        var before = _states.GetValueOrDefault(source) ?? new SourceState(source, 0, 0, false, null, null);
        var failed = readings.Count > 0 && readings.All(r => r.State == ReadingState.Error);
        if (!failed)
        {
            if (before.Blind && !readings.Any(r => r.HasValue)) return Change.None;
            _states[source] = before with { ConsecutiveErrors = 0, Blind = false, FailingSince = null };
            return before.Blind ? Change.SeesAgain : Change.None;
        }

        var after = before with
        {
            ConsecutiveErrors = before.ConsecutiveErrors + 1,
            Errors = before.Errors + 1,
            FailingSince = before.FailingSince ?? now,
            LastReason = readings[0].Reason,
        };
        after = after with { Blind = after.ConsecutiveErrors >= blindAfter };
        _states[source] = after;
        return after.Blind && !before.Blind ? Change.WentBlind : Change.None;
    }

    public SourceState? this[string source] => _states.GetValueOrDefault(source);

    /// <summary>Takes back a blindness that was reported before a restart, so it is not reported twice.</summary>
    public void Restore(string source, DateTimeOffset failingSince, string? reason) =>
        _states[source] = new SourceState(source, blindAfter, blindAfter, true, failingSince, reason);
}
