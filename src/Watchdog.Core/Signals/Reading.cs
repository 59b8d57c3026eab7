namespace Watchdog.Core.Signals;

/// <summary>Whether a reading carries a value, and if not, why not.</summary>
public enum ReadingState
{
    Value,

    /// <summary>The source answered but had nothing to measure (no requests, empty buckets).</summary>
    NoData,

    /// <summary>The source could not be asked (unreachable, timed out, malformed answer).</summary>
    Error,
}

/// <summary>
/// One measurement of one signal. A value always carries its sample count so rules can refuse
/// to judge a rate computed from too few requests. <see cref="NoData"/> and <see cref="Error"/>
/// are never numbers: nothing downstream may read them as 0% or 100%.
/// </summary>
public readonly record struct Reading(Signal Signal, ReadingState State, double Value, int Samples, DateTimeOffset At, string? Reason)
{
    public static Reading Of(Signal signal, double value, int samples, DateTimeOffset at) =>
        new(signal, ReadingState.Value, value, samples, at, null);

    public static Reading NoData(Signal signal, DateTimeOffset at, string reason) =>
        new(signal, ReadingState.NoData, double.NaN, 0, at, reason);

    public static Reading Error(Signal signal, DateTimeOffset at, string reason) =>
        new(signal, ReadingState.Error, double.NaN, 0, at, reason);

    public bool HasValue => State == ReadingState.Value;

    /// <summary>Which source measured it (<c>health</c>, <c>sentry</c>, <c>prometheus</c>); a rule may insist on one.</summary>
    public string? Source { get; init; }

    /// <summary>The span the value sums up (the health window, Sentry's query span); null where the source cannot say.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>
    /// What the value is when it is not the signal's plain meaning (Sentry's "event-count ratio" error rate);
    /// said wherever the value is shown, so a verdict never passes a stand-in off as the real thing.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>
    /// The value over the newest samples alone, where the source can tell them from the window (the health probe's
    /// last tenth of its window): right after a rollback the window still holds the bad samples, this does not.
    /// </summary>
    public double? Latest { get; init; }

    public override string ToString() => State switch
    {
        ReadingState.Value => $"{Signal}={SignalFormat.Value(Signal, Value)} (n={Samples}{(Note is null ? "" : $", {Note}")})",
        _ => $"{Signal}: {State} ({Reason})",
    };
}
