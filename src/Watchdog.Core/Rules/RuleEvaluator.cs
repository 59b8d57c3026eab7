using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

/// <summary>
/// Pure evaluation of one reading against one rule, with Alertmanager's <c>for:</c> semantics:
/// a breach goes pending, fires once it has held without a break for the rule's whole
/// <see cref="Rule.For"/>, and any reading that is not a breach ends it. A reading that proves
/// nothing (no data, source error, too few samples, no baseline) is inconclusive: it is never a
/// breach, and since it cannot show the breach was unbroken, it restarts the clock too.
/// </summary>
public static class RuleEvaluator
{
    /// <param name="at">The tick's time (its schedule); the reading's own time when not given.</param>
    /// <param name="judgement">A <see cref="Comparison.RegressedFrom"/> rule's: the judge's conclusion on the live release's samples so far.</param>
    public static Verdict Evaluate(Rule rule, in Reading reading, ref RuleState state, Baseline? baseline = null, DateTimeOffset? at = null,
        Judgement? judgement = null)
    {
        var why = Check(rule, reading, baseline, judgement);
        if (why != Inconclusion.None)
        {
            state = new RuleState(RuleStatus.Inconclusive, null);
            return new Verdict(rule, RuleStatus.Inconclusive, reading, null, why, baseline) { Judgement = judgement };
        }

        var breach = rule.Comparison == Comparison.RegressedFrom
            ? judgement!.Outcome == JudgeOutcome.Regressed
            : IsBreach(rule, reading.Value, baseline);
        if (!breach)
        {
            state = new RuleState(RuleStatus.Inactive, null);
            return new Verdict(rule, RuleStatus.Inactive, reading, null, Inconclusion.None, baseline) { Judgement = judgement };
        }

        var now = at ?? reading.At;
        var since = state.ActiveAt ?? now;
        var status = now - since >= rule.For ? RuleStatus.Firing : RuleStatus.Pending;
        state = new RuleState(status, since);
        return new Verdict(rule, status, reading, since, Inconclusion.None, baseline) { Judgement = judgement };
    }

    private static Inconclusion Check(Rule rule, in Reading reading, Baseline? baseline, Judgement? judgement) => reading.State switch
    {
        ReadingState.NoData => Inconclusion.NoData,
        ReadingState.Error => Inconclusion.SourceError,
        _ when double.IsNaN(reading.Value) => Inconclusion.NoData,
        _ when reading.Samples < rule.MinSamples => Inconclusion.TooFewSamples,
        _ when rule.Comparison == Comparison.AboveBaselineBy && baseline is not { Value: > 0 } => Inconclusion.NoBaseline,
        _ when rule.Comparison == Comparison.RegressedFrom => judgement switch
        {
            null or { MissingBaseline: true } => Inconclusion.NoBaseline,
            { Outcome: JudgeOutcome.Inconclusive } => Inconclusion.TooFewReadings,
            _ => Inconclusion.None,
        },
        _ => Inconclusion.None,
    };

    /// <summary>Whether the value breaches the rule; a baseline rule needs its baseline.</summary>
    public static bool IsBreach(Rule rule, double value, Baseline? baseline) => rule.Comparison switch
    {
        Comparison.Above => value > rule.Threshold,
        Comparison.Below => value < rule.Threshold,
        Comparison.AboveBaselineBy => Exceeds(value, baseline!.Value * (1 + rule.Threshold)),
        _ => false,
    };

    /// <summary>
    /// <paramref name="value"/> &gt; <paramref name="limit"/> for a limit computed here: a value equal to it up to
    /// rounding is not above it (0.3 × 1.5 is 0.44999999999999996, yet 450 ms is exactly 50% above 300 ms).
    /// </summary>
    private static bool Exceeds(double value, double limit) => value - limit > Math.Abs(limit) * 1e-12;
}
