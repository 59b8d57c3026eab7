using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Decisions;

public enum RecheckStatus
{
    /// <summary>Its source measured the restored release within the rule's threshold.</summary>
    Clear,

    /// <summary>Its source still measures a breach: the rollback did not help.</summary>
    Breaching,

    /// <summary>Nothing measured since the rollback proves either way; monitoring goes on watching it.</summary>
    Unknown,
}

/// <summary>One rule that tripped the incident, judged again on what its own source measured since the rollback.</summary>
public readonly record struct Recheck(string Rule, RecheckStatus Status, string Line);

/// <summary>
/// Part of a rollback's verification: a healthy probe says nothing about the error rate Sentry measured, so every
/// rule that tripped the incident is judged again on its own source's readings of the restored release. The rule's
/// <c>For</c> is not waited out here (a breach now is enough to say "not restored"); monitoring still applies it.
/// </summary>
public static class TrippedRules
{
    /// <summary>The incident's triggers that are Watchdog's own rules; pushed alerts are withdrawn by their senders.</summary>
    public static IReadOnlyList<(Trigger Trigger, Rule Rule)> Of(Incident incident, IReadOnlyList<Rule> rules) =>
        new[] { incident.Trigger, incident.Decision?.Trigger }
            .OfType<Trigger>()
            .DistinctBy(t => t.Source)
            .Select(t => (t, rules.FirstOrDefault(r => r.Name == t.Source)))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.t, p.Item2!))
            .ToArray();

    public static IReadOnlyList<Recheck> Judge(IReadOnlyList<(Trigger Trigger, Rule Rule)> tripped, IReadOnlyList<Reading> readings, DateTimeOffset now) =>
        [.. tripped.Select(p => Judge(p.Trigger, p.Rule, readings, now))];

    private static Recheck Judge(Trigger trigger, Rule rule, IReadOnlyList<Reading> readings, DateTimeOffset now)
    {
        // Against the baseline it tripped on: the restored release is judged by the same yardstick.
        var baseline = trigger.Baseline is { } b ? new Baseline(b, BaselineOrigin.Configured, trigger.BaselineFrom ?? "at detection") : null;
        var verdict = RuleSet.JudgeNow(rule, readings, now, baseline);
        var reading = verdict.Reading;
        var from = reading.Source is { } s ? $" ({s})" : "";
        return verdict.Status switch
        {
            RuleStatus.Firing => new(rule.Name, RecheckStatus.Breaching,
                $"{rule.Name} still breached since the rollback: measured {SignalFormat.Value(rule.Signal, reading.Value)}{from}, rule {rule.Describe()}"),
            RuleStatus.Inconclusive => new(rule.Name, RecheckStatus.Unknown,
                $"{rule.Name} not yet measurable since the rollback{from}: {verdict.Inconclusive()}; monitoring keeps judging it"),
            _ => new(rule.Name, RecheckStatus.Clear,
                $"{rule.Name} clear since the rollback: measured {SignalFormat.Value(rule.Signal, reading.Value)}{from}"),
        };
    }
}
