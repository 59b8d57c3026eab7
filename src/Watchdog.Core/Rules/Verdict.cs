using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

/// <summary>Alertmanager's alert states, plus <see cref="Inconclusive"/> for readings that prove nothing.</summary>
public enum RuleStatus
{
    Inactive,
    Pending,
    Firing,
    Inconclusive,
}

public enum Inconclusion
{
    None,
    NoData,
    SourceError,
    TooFewSamples,
    NoBaseline,

    /// <summary>A <see cref="Comparison.RegressedFrom"/> rule has too few readings of the live release to test yet.</summary>
    TooFewReadings,
}

/// <summary>A rule's judgement of one reading. <see cref="Since"/> is when the current breach began.</summary>
public readonly record struct Verdict(Rule Rule, RuleStatus Status, Reading Reading, DateTimeOffset? Since, Inconclusion Why, Baseline? Baseline)
{
    public bool IsFiring => Status == RuleStatus.Firing;

    /// <summary>What the judge concluded, for a <see cref="Comparison.RegressedFrom"/> rule: the statistic, p-value and effect behind the status.</summary>
    public Judgement? Judgement { get; init; }

    /// <summary>The value the rule compares with: its threshold, or for a baseline rule the baseline raised by it; null without a baseline.</summary>
    public double? Limit => Rule.Comparison switch
    {
        Comparison.AboveBaselineBy => Baseline is { Value: > 0 } b ? b.Value * (1 + Rule.Threshold) : null,
        Comparison.RegressedFrom => null, // a test over samples, not a line one reading crosses
        _ => Rule.Threshold,
    };

    /// <summary>Breaching over the window, but the newest samples alone are back within the rule (right after a rollback).</summary>
    public bool Recovering => Status is RuleStatus.Pending or RuleStatus.Firing && Reading.Latest is { } now && Limit is not null
        && !RuleEvaluator.IsBreach(Rule, now, Baseline);

    /// <summary>"recovering: now 2%, window 53%", "firing: now 60%, window 53%", or the status alone where the source cannot tell the newest samples apart.</summary>
    public string State()
    {
        var status = Recovering ? "recovering" : Status.ToString().ToLowerInvariant();
        return Reading.Latest is { } now && Reading.HasValue
            ? $"{status}: now {SignalFormat.Value(Rule.Signal, now)}, window {SignalFormat.Value(Rule.Signal, Reading.Value)}"
            : status;
    }

    /// <summary>One line a person can act on: the rule, the measured value against the threshold, the window.</summary>
    public string Explain()
    {
        var rule = $"{Rule.Name} ({Rule.Describe()})";
        return Status switch
        {
            RuleStatus.Inconclusive => $"{rule}: inconclusive, {Inconclusive()}",
            _ when Judgement is { } j => $"{rule}: {Status.ToString().ToLowerInvariant()}, {j.Describe(Rule.Signal)}" +
                 (Since is { } s && Status != RuleStatus.Inactive ? $" since {s:HH:mm:ss}Z" : ""),
            _ => $"{rule}: {Status.ToString().ToLowerInvariant()}, measured {SignalFormat.Value(Rule.Signal, Reading.Value)}" +
                 (Reading.Note is { } note ? $" ({note})" : "") +
                 (Baseline is { } b ? $" against baseline {b.Describe(Rule.Signal)}" : "") +
                 (Since is { } s && Status != RuleStatus.Inactive ? $" since {s:HH:mm:ss}Z" : ""),
        };
    }

    /// <summary>Why nothing could be judged: "only 3 samples, need 10", or the source's own reason.</summary>
    public string Inconclusive() => Why switch
    {
        Inconclusion.TooFewSamples => $"only {Reading.Samples} samples, need {Rule.MinSamples}",
        Inconclusion.NoBaseline or Inconclusion.TooFewReadings when Judgement?.Reason is { } reason => reason,
        Inconclusion.NoBaseline => "no baseline to compare with",
        _ => Reading.Reason ?? Why.ToString(),
    };
}
