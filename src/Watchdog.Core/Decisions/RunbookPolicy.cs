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

    /// <summary>
    /// The tree's decision, acted on the top suspect: when the change closest before the first breach turned a flag on at
    /// the service's flag service, turning that flag off undoes it, where a rollback would undo a release that was not
    /// what changed. A disable that is refused or does not help still falls through to the rollback, once.
    /// </summary>
    /// <remarks>
    /// The tree stands where it says "immediately": data at risk, a security breach and a service completely down are
    /// rolled back whatever changed (the reason names the flag or variable): a process that is down may not be running to read a flag,
    /// and data or a breach is not the place to try the lighter step first. Monitor stays monitor: 10% or less affected
    /// is no action, whatever changed. Core broken and most users affected take the flag: a rollback there would undo an
    /// unrelated release and leave the flag on.
    /// </remarks>
    /// <param name="ranked">The incident's suspects, closest first (<see cref="Suspects.Rank"/>).</param>
    /// <param name="lastDeploy">The newest deploy before the first breach, however old, for the reason; null when none was seen.</param>
    public static Decision OnSuspects(Decision decided, IReadOnlyList<Suspect> ranked, Change? lastDeploy, DateTimeOffset firstBreachAt)
    {
        if (decided.Action == RunbookAction.Monitor || decided.FlagTried is not null || ranked is not [var top, ..]) return decided;
        if (top.Kind != SuspectKind.Variable && !top.FlagTurnedOn) return decided;
        var why = $"{top.Describe()}; {DeployBefore(lastDeploy, firstBreachAt)}";
        if (decided.Trigger.Meaning is Meaning.DataAtRisk or Meaning.Security or Meaning.ServiceDown)
            return decided with { Reason = $"{decided.Reason} (top suspect: {why}; rolled back regardless: the runbook says immediately)" };
        return top.Kind == SuspectKind.Variable
            ? OnVariable(decided, top, lastDeploy, firstBreachAt)
            : new(RunbookAction.DisableFlag, $"{why}: disable feature flag {top.Change.Flag}, the change that came closest, rather than roll back", decided.Trigger, top.Change.Flag);
    }

    /// <summary>
    /// The top suspect is a configuration variable that changed: Watchdog never stored its old value (values are
    /// secrets), so it cannot put it back, and a rollback would undo a release that was not what changed (except where
    /// the platform's rollback restores variables too, which a person knows and Watchdog cannot tell). A person decides,
    /// told which variable and why, whatever the mode: the proposed action stands for them to approve, and no veto window
    /// acts in their silence. Where the tree says "immediately" it still rolls back (as for a flag): a rollback that does
    /// not help escalates to people anyway, and on some platforms (Railway) it restores the variables too.
    /// </summary>
    private static Decision OnVariable(Decision decided, Suspect top, Change? lastDeploy, DateTimeOffset firstBreachAt)
    {
        var why = $"the top suspect is {top.Describe()}; {DeployBefore(lastDeploy, firstBreachAt)}. Watchdog never stores a variable's value, so it " +
            $"cannot restore the old one, and {(decided.Action == RunbookAction.Rollback ? "rolling back a release that did not change would not undo it" : $"disabling flag {decided.Flag} may not either")}: " +
            "a person decides (put the variable back, or approve the proposal)";
        return decided with { Reason = $"{decided.Reason} (top suspect: {top.Describe()}: a person decides)", PersonDecides = why };
    }

    private static string DeployBefore(Change? lastDeploy, DateTimeOffset firstBreachAt) => lastDeploy is { } d
        ? $"the last deploy ({d.Describe()}) was {Signals.SignalFormat.Duration(firstBreachAt - d.At)} before the first breach"
        : "no deploy seen before it";

    /// <summary>The rollback a flag disable falls through to, once: it was refused, or did not help.</summary>
    /// <param name="why">What happened to the disable ("disabling flag X did not help, rolling back").</param>
    /// <remarks>A disable a person had to decide on (<see cref="Decision.PersonDecides"/>) falls to a rollback they decide on too.</remarks>
    public static Decision AfterFlag(Decision disable, string why) =>
        new(RunbookAction.Rollback, why, disable.Trigger) { FlagTried = disable.Flag, PersonDecides = disable.PersonDecides };

    private static Decision FlagOrRollback(Trigger t, IReadOnlyDictionary<string, string> flags, string what) =>
        flags.TryGetValue(t.Source, out var flag)
            ? new(RunbookAction.DisableFlag, $"{what}, core intact: disable feature flag {flag}", t, flag)
            : new(RunbookAction.Rollback, $"{what}, core intact, no feature flag mapped to {t.Source}: roll back", t);
}
