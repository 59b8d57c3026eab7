using Watchdog.Core.Rules;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Decisions;

/// <summary>
/// Both seeds' decision trees as one pure function. Seed 1: data at risk, or the service down,
/// or more than half of users affected → roll back. Seed 2: more than 10% of users affected with
/// core functionality broken → roll back; with core intact → disable the feature flag; 10% or less
/// → monitor and fix forward.
/// </summary>
public static class RunbookPolicy
{
    public const double MajorityAffected = 0.5;
    public const double SignificantAffected = 0.1;

    /// <param name="triggers">Everything firing now; the most severe branch wins.</param>
    /// <param name="flags">Rule (trigger source) name → feature flag that switches the feature it watches off.</param>
    public static Decision Decide(IReadOnlyList<Trigger> triggers, IReadOnlyDictionary<string, string> flags)
    {
        ArgumentOutOfRangeException.ThrowIfZero(triggers.Count);
        Decision? worst = null;
        foreach (var trigger in triggers)
        {
            var d = Decide(trigger, flags);
            if (worst is null || d.Action > worst.Action)
                worst = d;
        }

        return worst!;
    }

    public static Decision Decide(Trigger t, IReadOnlyDictionary<string, string> flags)
    {
        switch (t.Meaning)
        {
            case Meaning.DataAtRisk: return new(RunbookAction.Rollback, "data at risk: roll back immediately", t);
            case Meaning.Security: return new(RunbookAction.Rollback, "security breach: roll back immediately", t);
            case Meaning.ServiceDown: return new(RunbookAction.Rollback, "service completely down: roll back immediately", t);
            case Meaning.CoreBroken: return new(RunbookAction.Rollback, "core functionality broken: immediate rollback", t);
        }

        // UsersAffected and Performance.
        var affected = t.AffectedFraction;
        if (affected is null)
        {
            // A slow service touches everyone, yet its core still works: seed 2's "more than 10%, core intact" branch.
            return t.Meaning == Meaning.Performance
                ? FlagOrRollback(t, flags, "performance degraded for all users")
                : new(RunbookAction.Rollback, "users affected, share unknown: roll back", t);
        }

        var share = $"{affected.Value * 100:0.#}% of users affected";
        if (affected > MajorityAffected)
            return new(RunbookAction.Rollback, $"{share} (more than 50%): roll back", t);
        if (affected <= SignificantAffected)
            return new(RunbookAction.Monitor, $"{share} (10% or less): monitor and fix forward", t);
        return FlagOrRollback(t, flags, share);
    }

    /// <summary>The rollback a flag disable falls through to, once: it was refused, or did not help.</summary>
    /// <param name="why">What happened to the disable ("disabling flag X did not help, rolling back").</param>
    public static Decision AfterFlag(Decision disable, string why) =>
        new(RunbookAction.Rollback, why, disable.Trigger) { FlagTried = disable.Flag };

    private static Decision FlagOrRollback(Trigger t, IReadOnlyDictionary<string, string> flags, string what) =>
        flags.TryGetValue(t.Source, out var flag)
            ? new(RunbookAction.DisableFlag, $"{what}, core intact: disable feature flag {flag}", t, flag)
            : new(RunbookAction.Rollback, $"{what}, core intact, no feature flag mapped to {t.Source}: roll back", t);
}
