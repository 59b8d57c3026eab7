using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Decisions;

/// <summary>What the lifecycle asks the executor to do next.</summary>
public enum Move
{
    None,

    /// <summary>Open an incident with <see cref="LifecycleCommand.Decision"/> and put it through the gate.</summary>
    Open,

    /// <summary>The open incident got worse: decide again with <see cref="LifecycleCommand.Decision"/> and gate it.</summary>
    Redecide,

    /// <summary>The veto window passed in silence: gate the decided action as unvetoed.</summary>
    ActUnvetoed,

    /// <summary>The runbook stopped short (a journal write failed, a restart): carry on; finished steps are not repeated.</summary>
    Resume,

    /// <summary>Post-rollback monitoring: tell people it is still fine.</summary>
    Progress,
    Escalate,
    Resolve,

    /// <summary>An Escalated or Failed incident whose service is healthy again: stop watching it, leave it for review.</summary>
    Close,
}

/// <param name="Reason">Why, in the words the timeline and messages use.</param>
public sealed record LifecycleCommand(Move Move, string Reason = "", Decision? Decision = null)
{
    public static readonly LifecycleCommand Nothing = new(Move.None);
}

/// <summary>The parts of a service's runbook settings the lifecycle reads.</summary>
public sealed record LifecycleSettings(TimeSpan MonitorFor, TimeSpan MonitorUpdateEvery, TimeSpan VetoWindow, IReadOnlyDictionary<string, string> FeatureFlags);

/// <summary>
/// One service's incident lifecycle as a pure function: the open incident (if any), what fires, whether the
/// service shows healthy, and the time give the next command. At most one incident is open per service, so a
/// breach that goes on never opens a second one, and an incident that was acted on never acts again: a
/// regression after a rollback goes to people.
/// </summary>
public static class IncidentLifecycle
{
    /// <summary>The journal key prefix of post-rollback progress messages; the lifecycle counts them to pace the next.</summary>
    public const string ProgressStep = "notify-progress";

    /// <param name="healthy">Every rule shows the service healthy and no pushed alert fires (see <c>AllClear</c>).</param>
    public static LifecycleCommand Next(Incident? incident, IReadOnlyList<Trigger> firing, bool healthy, DateTimeOffset now, LifecycleSettings s)
    {
        if (incident is not { IsOpen: true })
            return firing.Count > 0 ? new(Move.Open, "", RunbookPolicy.Decide(firing, s.FeatureFlags)) : LifecycleCommand.Nothing;

        switch (incident.State)
        {
            case IncidentState.Monitoring when incident.RollbackStartedAt is not null:
                return AfterAction(incident, firing, healthy, now, s);

            case IncidentState.Monitoring or IncidentState.AwaitingApproval when healthy:
                return new(Move.Resolve, "healthy again without action");

            // A decision a person must make (PersonDecides) waits for one: no window acts in their silence.
            case IncidentState.AwaitingApproval when s.VetoWindow > TimeSpan.Zero && incident.Decision?.PersonDecides is null && now - incident.StateSince >= s.VetoWindow:
                return new(Move.ActUnvetoed, $"no veto within {SignalFormat.Duration(s.VetoWindow)}: acting as announced");

            case IncidentState.Monitoring when firing.Count > 0 && incident.Mode != Mode.DryRun:
                var worse = RunbookPolicy.Decide(firing, s.FeatureFlags);
                return worse.Action > (incident.Decision?.Action ?? RunbookAction.Monitor) ? new(Move.Redecide, worse.Reason, worse) : LifecycleCommand.Nothing;

            case IncidentState.Decided or IncidentState.RollingBack or IncidentState.Stabilizing or IncidentState.Verifying:
                return new(Move.Resume, "the runbook stopped short; resuming it");

            case IncidentState.Escalated or IncidentState.Failed when healthy:
                return new(Move.Close, "service healthy again; incident closed, left for people to review");

            default:
                return LifecycleCommand.Nothing;
        }
    }

    /// <summary>The incident's own report of data at risk or a breach, still firing: not a regression, the same report, which no rollback clears.</summary>
    private static Trigger? StillStands(Incident incident, IReadOnlyList<Trigger> firing) =>
        firing.FirstOrDefault(f => f.Source == incident.Trigger.Source && f.Meaning is Meaning.DataAtRisk or Meaning.Security);

    private static LifecycleCommand AfterAction(Incident incident, IReadOnlyList<Trigger> firing, bool healthy, DateTimeOffset now, LifecycleSettings s)
    {
        var restoredAt = incident.RestoredAt ?? now;
        if (firing.Count > 0 && incident.Decision is { Action: RunbookAction.DisableFlag } disable)
        {
            // Seed 001: disable the flag, and roll back when that is not enough; once: a rollback that does not help escalates.
            var why = $"disabling flag {disable.Flag} did not help, rolling back: {firing[0].Summary}";
            return new(Move.Redecide, why, RunbookPolicy.AfterFlag(disable, why));
        }

        if (firing.Count > 0)
            return new(Move.Escalate, StillStands(incident, firing) is { } standing
                ? $"the code is back on {incident.ToVersion ?? "the earlier release"}, but what was reported still stands: {standing.Summary}. " +
                  (standing.Meaning == Meaning.DataAtRisk ? "A rollback of code does not repair data: the restore is a person's call" : "A rollback of code does not end a breach: people take it from here")
                : $"regression after {(incident.Decision?.Action == RunbookAction.DisableFlag ? "disabling the flag" : "the rollback")}: {firing[0].Summary}");
        if (healthy && now - restoredAt >= s.MonitorFor)
            return new(Move.Resolve, $"stable for {SignalFormat.Duration(s.MonitorFor)} after the rollback to {incident.ToVersion}");
        if (s.MonitorUpdateEvery > TimeSpan.Zero && now - LastProgress(incident, restoredAt) >= s.MonitorUpdateEvery)
            return new(Move.Progress, "still watching");
        return LifecycleCommand.Nothing;
    }

    /// <summary>When people last heard that all is well: the newest progress step, else the restore itself.</summary>
    private static DateTimeOffset LastProgress(Incident incident, DateTimeOffset restoredAt)
    {
        var last = restoredAt;
        foreach (var step in incident.Steps)
        {
            if (step.Key.StartsWith(ProgressStep, StringComparison.Ordinal) && step.StartedAt > last) last = step.StartedAt;
        }

        return last;
    }
}
