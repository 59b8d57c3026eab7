using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>What an alarm turned out to be: right to act on, wrong, or not known yet.</summary>
public enum AlarmVerdict
{
    Pending,
    Confirmed,
    False,
}

/// <summary>
/// One rule's alarm (the incident it opened) and what then happened: what Watchdog would have done and did, and whether
/// it was right, with the reason in words ("a person vetoed it", "restored by the rollback and stayed healthy").
/// </summary>
/// <param name="FalseRollback">Watchdog rolled back (or turned a flag off) and it was wrong: it did not help, or a person put the release back.</param>
public sealed record AlarmOutcome(string IncidentId, string Service, string Rule, DateTimeOffset FiredAt, RunbookAction? WouldDo, string Did,
    AlarmVerdict Verdict, bool FalseRollback, string Why);

/// <summary>A rule's record on a service over a span: its alarms by verdict, the incidents it missed, its precision.</summary>
public sealed record RuleScore(string Service, string Rule, TimeSpan Span, int Confirmed, int False, int Pending, int FalseRollbacks, int Missed)
{
    /// <summary>Confirmed over decided alarms; null before any alarm was decided either way.</summary>
    public double? Precision => Confirmed + False == 0 ? null : (double)Confirmed / (Confirmed + False);
}

/// <summary>
/// The shadow record: every rule's alarms in every mode, judged by what followed them in the journal. An alarm is
/// confirmed when a person approved its action, when Watchdog's rollback restored the service for good, or when,
/// Watchdog not acting, a person rolled back, a deploy followed or a flag was changed within <see cref="Window"/>; it is false when a
/// person vetoed it, when Watchdog's rollback did not help (a regression or a failed verification after it) or was
/// undone by a person redeploying the release, or when nobody acted and the service recovered by itself. A person's
/// rollback that no alarm came before within the window is a missed incident. Drills are not alarms.
/// </summary>
public static class ShadowRecord
{
    /// <summary>How long after an alarm what people did still counts as their answer to it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public const string PersonRollback = "manual:rollback";

    /// <summary>Each incident a rule opened (newest first, as given), judged; <paramref name="deploys"/> are the service's deployments seen live, any order.</summary>
    /// <param name="flags">The service's flag changes (<see cref="ServiceWatch.FlagChangesAsync"/>), any order: one a person made after an
    /// alarm Watchdog did not act on answers it, as a deploy does.</param>
    public static IReadOnlyList<AlarmOutcome> Judge(IReadOnlyList<Incident> incidents, IReadOnlyList<DeployChange> deploys, DateTimeOffset now,
        IReadOnlyList<Decisions.Change>? flags = null) =>
        [.. incidents.Where(IsAlarm).Select(i => Judge(i, incidents, deploys, flags ?? [], now))];

    /// <summary>Per service and rule, over <paramref name="span"/> up to <paramref name="now"/>.</summary>
    public static IReadOnlyList<RuleScore> Score(IReadOnlyList<AlarmOutcome> alarms, IReadOnlyList<Incident> incidents, TimeSpan span, DateTimeOffset now)
    {
        var since = now - span;
        var recent = alarms.Where(a => a.FiredAt >= since).ToList();
        var missed = Missed(incidents, since).ToLookup(i => i.Service, StringComparer.Ordinal);
        var scores = recent.GroupBy(a => (a.Service, a.Rule))
            .Select(g => new RuleScore(g.Key.Service, g.Key.Rule, span,
                g.Count(a => a.Verdict == AlarmVerdict.Confirmed), g.Count(a => a.Verdict == AlarmVerdict.False), g.Count(a => a.Verdict == AlarmVerdict.Pending),
                g.Count(a => a.FalseRollback), 0))
            .ToList();
        // A missed incident is the service's, not one rule's: it is counted on every rule of the service with alarms,
        // and on a line of its own ("*") where the service had none.
        for (var k = 0; k < scores.Count; k++) scores[k] = scores[k] with { Missed = missed[scores[k].Service].Count() };
        foreach (var service in missed.Select(m => m.Key).Where(s => scores.All(x => x.Service != s)))
            scores.Add(new RuleScore(service, "*", span, 0, 0, 0, 0, missed[service].Count()));
        return [.. scores.OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.Rule, StringComparer.Ordinal)];
    }

    private static bool IsAlarm(Incident i) => !i.Drill && !IsPerson(i);

    private static bool IsPerson(Incident i) => i.Trigger.Source.StartsWith("manual:", StringComparison.Ordinal);

    /// <summary>A person's rollbacks with no alarm of the same service within the window before them.</summary>
    private static IEnumerable<Incident> Missed(IReadOnlyList<Incident> incidents, DateTimeOffset since) =>
        incidents.Where(p => !p.Drill && p.Trigger.Source == PersonRollback && p.OpenedAt >= since
            && !incidents.Any(a => IsAlarm(a) && a.Service == p.Service && a.Trigger.DetectedAt <= p.OpenedAt && p.OpenedAt - a.Trigger.DetectedAt <= Window));

    private static AlarmOutcome Judge(Incident i, IReadOnlyList<Incident> incidents, IReadOnlyList<DeployChange> deploys, IReadOnlyList<Decisions.Change> flags, DateTimeOffset now)
    {
        var fired = i.Trigger.DetectedAt;
        var acted = i.RollbackStartedAt is not null;
        AlarmOutcome Outcome(AlarmVerdict verdict, string why, bool falseRollback = false) =>
            new(i.Id, i.Service, i.Trigger.Source, fired, i.Decision?.Action, Did(i), verdict, falseRollback, why);

        if (i.Timeline.FirstOrDefault(e => e.Kind == TimelineKind.Vetoed) is { } veto) return Outcome(AlarmVerdict.False, veto.Message);
        if (acted)
        {
            var verified = i.Steps.Any(s => s.Key.StartsWith("verify", StringComparison.Ordinal));
            var after = i.RestoredAt ?? i.RollbackStartedAt!.Value;
            if (i.FromVersion is { } bad && deploys.FirstOrDefault(d => d.At > after && d.At - after <= Window && d.Deployment.Version == bad) is { } back)
                return Outcome(AlarmVerdict.False, $"a person deployed {bad} again at {back.At:yyyy-MM-dd HH:mm}Z, after the rollback", falseRollback: true);
            if (i.State == IncidentState.Escalated && verified)
                return Outcome(AlarmVerdict.False, $"the {ActionOf(i)} did not help: {LastState(i)}", falseRollback: true);
            if (i.State is IncidentState.Resolved) return Outcome(AlarmVerdict.Confirmed, $"restored by the {ActionOf(i)} and stayed healthy");
            if (i.State is IncidentState.Failed or IncidentState.Escalated) return Outcome(AlarmVerdict.Confirmed, $"the service was broken; the {ActionOf(i)} did not complete: {LastState(i)}");
            return Outcome(AlarmVerdict.Pending, $"the {ActionOf(i)} is under way or being watched");
        }

        if (i.Timeline.FirstOrDefault(e => e.Kind == TimelineKind.Approved) is { } approval) return Outcome(AlarmVerdict.Confirmed, approval.Message);
        if (incidents.FirstOrDefault(p => p.Service == i.Service && p.Trigger.Source == PersonRollback && p.OpenedAt >= fired && p.OpenedAt - fired <= Window) is { } person)
            return Outcome(AlarmVerdict.Confirmed, $"a person rolled back ({person.Trigger.Summary}) at {person.OpenedAt:yyyy-MM-dd HH:mm}Z");
        if (deploys.FirstOrDefault(d => d.At >= fired && d.At - fired <= Window && d.Deployment.Version != i.FromVersion) is { } deploy)
            return Outcome(AlarmVerdict.Confirmed, $"{deploy.Deployment} went live at {deploy.At:yyyy-MM-dd HH:mm}Z: fixed forward or rolled back by hand");
        // Watchdog did not act, so a flag that changed after the alarm was changed by a person (or their tooling).
        if (flags.Where(f => f.At >= fired && f.At - fired <= Window).MinBy(f => f.At) is { } flag)
            return Outcome(AlarmVerdict.Confirmed, $"{flag.What} at {flag.At:yyyy-MM-dd HH:mm}Z: a flag changed by hand after the alarm");
        if (!i.IsOpen || now - fired > Window)
            return Outcome(AlarmVerdict.False, $"nobody acted within {Signals.SignalFormat.Duration(Window)}, and no deploy or flag change followed{(i.IsOpen ? "" : "; it passed by itself")}");
        return Outcome(AlarmVerdict.Pending, $"watching what people do, until {fired + Window:HH:mm}Z");
    }

    private static string ActionOf(Incident i) => i.Decision?.Action == RunbookAction.DisableFlag ? "flag disable" : "rollback";

    private static string LastState(Incident i) =>
        i.Timeline.LastOrDefault(e => e.Kind == TimelineKind.State)?.Message is { } m ? m : i.State.ToString();

    private static string Did(Incident i) => i switch
    {
        { RollbackStartedAt: not null } => i.Decision?.Action == RunbookAction.DisableFlag ? "turned the flag off" : "rolled back",
        { Mode: Mode.DryRun } => "nothing (dry run)",
        _ when i.Timeline.Any(e => e.Kind == TimelineKind.Vetoed) => "nothing (vetoed)",
        { State: IncidentState.AwaitingApproval } => "asked a person",
        _ when i.Decision?.Action == RunbookAction.Monitor => "alerted",
        _ => "nothing",
    };
}
