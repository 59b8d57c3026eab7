using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Incidents;

/// <summary>
/// Why an incident opened: a firing rule, or (later) a pushed alert or a person. Carries what
/// every message must say: the measured value, the threshold, how long the breach held and over what window
/// it was measured, and how many users it touches.
/// </summary>
/// <param name="HeldFor">The rule's <c>For</c>: how long the breach had to hold.</param>
public sealed record Trigger(
    string Source,
    Meaning Meaning,
    string Summary,
    DateTimeOffset Since,
    DateTimeOffset DetectedAt,
    Signal? Signal = null,
    double? Value = null,
    double? Threshold = null,
    TimeSpan? HeldFor = null,
    double? Baseline = null,
    string? BaselineFrom = null)
{
    /// <summary>The span the measured value sums up, where its source says (the reading's window).</summary>
    public TimeSpan? MeasuredOver { get; init; }

    /// <summary>A <see cref="Comparison.RegressedFrom"/> rule's judgement at detection: the test's statistic, p-value and effect.</summary>
    public Judgement? Judgement { get; init; }

    /// <summary>The share of users a breach touches, where the signal says: error rate, or what availability lacks.</summary>
    public double? AffectedFraction => (Signal, Value) switch
    {
        (Signals.Signal.ErrorRate, { } v) => v,
        (Signals.Signal.Availability, { } v) => 1 - v,
        (Signals.Signal.Up, 0d) => 1,
        _ => null,
    };

    public static Trigger From(in Verdict verdict) => new(
        verdict.Rule.Name,
        verdict.Rule.Meaning,
        verdict.Explain(),
        verdict.Since ?? verdict.Reading.At,
        verdict.Reading.At,
        verdict.Rule.Signal,
        verdict.Reading.Value,
        verdict.Rule.Comparison == Comparison.RegressedFrom ? null : verdict.Rule.Threshold, // a test has no threshold
        verdict.Rule.For,
        verdict.Baseline?.Value,
        verdict.Baseline?.Description) { MeasuredOver = verdict.Reading.Window, Judgement = verdict.Judgement };
}
