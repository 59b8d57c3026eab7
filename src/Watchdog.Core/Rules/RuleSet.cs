using Watchdog.Core.Signals;

namespace Watchdog.Core.Rules;

/// <summary>One service's rules and what each remembers. Evaluates a batch of readings without allocating.</summary>
public sealed class RuleSet
{
    private readonly Rule[] _rules;
    private readonly RuleState[] _states;
    private readonly Verdict[] _verdicts;

    /// <param name="configured">Rule name → the configured baseline, the last fallback of an <see cref="Comparison.AboveBaselineBy"/> rule.</param>
    public RuleSet(IReadOnlyList<Rule> rules, IReadOnlyDictionary<string, double>? configured = null, BaselineSettings? baselines = null)
    {
        _rules = [.. rules];
        Baselines = new BaselineBook(_rules, configured, baselines ?? new BaselineSettings());
        _states = new RuleState[_rules.Length];
        _verdicts = new Verdict[_rules.Length];
    }

    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>What the baseline rules compare with; fed with healthy readings by whoever drives the rules.</summary>
    public BaselineBook Baselines { get; }

    /// <summary>
    /// Judges, for each rule, the newest reading of its signal (from its source, when the rule names one).
    /// A value beats a reading without one at the same moment, so one source failing does not hide
    /// another that measured; a signal nothing measured is NoData.
    /// </summary>
    public ReadOnlySpan<Verdict> Evaluate(IReadOnlyList<Reading> readings, DateTimeOffset now)
    {
        for (int r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            var reading = Newest(rule, readings, now);
            var baseline = rule.Comparison == Comparison.AboveBaselineBy ? Baselines.For(rule, now) : null;
            var judgement = rule.Comparison == Comparison.RegressedFrom ? Baselines.Judge(rule) : null;
            _verdicts[r] = RuleEvaluator.Evaluate(rule, reading, ref _states[r], baseline, now, judgement);
        }

        return _verdicts;
    }

    /// <summary>The reading a rule judges: the newest of its signal (from its source, when it names one), a value before none.</summary>
    public static Reading Newest(Rule rule, IReadOnlyList<Reading> readings, DateTimeOffset now)
    {
        var found = false;
        var reading = Reading.NoData(rule.Signal, now, NoSource);
        for (int i = 0; i < readings.Count; i++)
        {
            var candidate = readings[i];
            if (candidate.Signal != rule.Signal || (rule.Source is { } source && candidate.Source != source)) continue;
            if (!found || Better(candidate, reading)) reading = candidate;
            found = true;
        }

        return reading;
    }

    /// <summary>A rule's judgement of these readings right now, its <c>For</c> not waited out: a breach now is Firing.</summary>
    public static Verdict JudgeNow(Rule rule, IReadOnlyList<Reading> readings, DateTimeOffset now, Baseline? baseline)
    {
        var state = default(RuleState);
        return RuleEvaluator.Evaluate(rule with { For = TimeSpan.Zero }, Newest(rule, readings, now), ref state, baseline);
    }

    private const string NoSource = "no source measures this signal";

    private static bool Better(in Reading candidate, in Reading current) =>
        candidate.HasValue != current.HasValue ? candidate.HasValue : candidate.At >= current.At;

    /// <summary>
    /// Starts every rule afresh, as after a rollback: earlier breaches belong to the old deployment. The judge forgets
    /// its verdict too, and judges again once the next live check says which release is live (the same one, after a
    /// flag was turned off, is judged anew from its readings since).
    /// </summary>
    public void Reset()
    {
        Array.Clear(_states);
        Baselines.JudgeAfresh();
    }
}
