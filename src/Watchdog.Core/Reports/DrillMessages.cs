using Watchdog.Core.Incidents;

namespace Watchdog.Core.Reports;

/// <summary>
/// What a drill says. Every message is flagged <see cref="Notification.Drill"/>, says DRILL in its title and is at most a
/// warning, so no channel wakes anyone for a rehearsal; none is an escalation.
/// </summary>
public static class DrillMessages
{
    public const string Prefix = "🧪 DRILL";

    /// <summary>A runbook message sent during a drill: flagged, titled DRILL, at most a warning, and with no claim of user impact.</summary>
    /// <remarks>The one place a drill is marked: the fan-out applies it to every drill message, so channels render the title as it is.</remarks>
    public static Notification Mark(Notification n) => n.Title.StartsWith(Prefix, StringComparison.Ordinal)
        ? n with { Drill = true, Severity = Cap(n.Severity) }
        : n with
    {
        Drill = true,
        Title = $"{Prefix}: {n.Title}",
        Severity = Cap(n.Severity),
        Lines = [$"This is a drill on {n.Service}: a rehearsal of the rollback runbook. Nothing is wrong.", .. n.Lines.Where(l => !l.StartsWith("Impact: ", StringComparison.Ordinal))],
    };

    public static Notification Passed(Incident i, DrillPhases phases, bool rolledForward) => Build(i, NotificationKind.Resolved, Severity.Info,
        $"{Prefix} PASSED on {i.Service}: {phases}",
        [
            $"Rollback: {i.FromVersion ?? "?"} → {i.ToVersion ?? "?"}, live and verified (smoke tests, health, version)",
            rolledForward
                ? $"Roll forward: back on {i.FromVersion ?? "the original"}, verified again"
                : $"Roll forward: off for this drill; {i.Service} stays on {i.ToVersion ?? "the rollback target"}",
            "The rollback path works. Nothing was quarantined, and the drill does not count against the rollback budget.",
        ], phases);

    /// <param name="step">The journal key of the first step that failed.</param>
    /// <param name="whereNow">Where the service is left, e.g. "back on v3" or "left on v2: roll it forward by hand".</param>
    public static Notification Failed(Incident i, string step, string reason, DrillPhases phases, string whereNow) => Build(i, NotificationKind.Alert, Severity.Warning,
        $"{Prefix} FAILED on {i.Service} at step {step}: {reason}",
        [
            $"Failed step: {step}: {reason}",
            $"Phases: {(phases.ToString() is { Length: > 0 } p ? p : "none finished")}",
            $"Service now: {whereNow}",
            "The rollback path is broken: fix it before an emergency needs it. Steps and outputs are in the incident's journal.",
        ], phases);

    public static Notification Skipped(Incident i, string why) => Build(i, NotificationKind.Alert, Severity.Info,
        $"{Prefix} SKIPPED on {i.Service}: {why}",
        [
            $"Why: {why}",
            $"Nothing was done. Run it again once the service is quiet (POST /api/drills/{i.Service}), or wait for the next scheduled one.",
        ], new DrillPhases(null, null, null));

    private static Severity Cap(Severity s) => s > Severity.Warning ? Severity.Warning : s;

    private static Notification Build(Incident i, NotificationKind kind, Severity severity, string title, IReadOnlyList<string> lines, DrillPhases phases)
    {
        var facts = new List<KeyValuePair<string, string>> { new("Incident", i.Id), new("Drill", "yes"), new("Requested", i.Trigger.Summary) };
        if (i.FromVersion is { } from) facts.Add(new("From version", from));
        if (i.ToVersion is { } to) facts.Add(new("To version", to));
        if (phases.ToString() is { Length: > 0 } durations) facts.Add(new("Durations", durations));
        facts.Add(new("State", i.State.ToString()));
        return new Notification(kind, severity, i.Service, i.Id, title, lines, facts) { Drill = true };
    }
}
