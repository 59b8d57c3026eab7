using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>The lifecycle's commands carried out: opening, the gate's answer, and how an incident ends.</summary>
public sealed partial class RunbookExecutor
{
    /// <summary>Opens and journals an incident for what fires, with the evidence of that moment and the decision (a person's trigger: journaled before it is answered).</summary>
    public async Task<Incident> OpenAsync(IReadOnlyList<Trigger> firing, Decision decision, string evidence)
    {
        var incident = Open(firing, decision, evidence);
        await SaveAsync(incident);
        return incident;
    }

    /// <summary>
    /// Opens an incident for what fires, not yet journaled: whatever the gate does next saves it before anything acts
    /// (the rollback's started record included), so an automatic decision costs one write before the provider's call.
    /// </summary>
    public Incident Open(IReadOnlyList<Trigger> firing, Decision decision, string evidence)
    {
        var now = Now;
        decision = Redacted(decision);
        var incident = new Incident($"{now:yyyyMMdd-HHmmss-fff}-{runbook.Service}", runbook.Service, Settings.Mode, decision.Trigger, now);
        foreach (var t in firing)
            incident.Record(t.DetectedAt, TimelineKind.Detected, redactor.Redact(t.Summary));
        incident.Record(now, TimelineKind.Evidence, redactor.Redact(evidence));
        incident.Decide(decision, now);
        IncidentTrace.EndPass(IncidentTrace.Start(incident, "open", now), incident, Now);
        return incident;
    }

    /// <summary>A decision replaces the old one (the incident got worse while watched, or a drill's plan), journaled before anything acts on it.</summary>
    public async Task DecideAsync(Incident incident, Decision decision)
    {
        Decide(incident, decision);
        await SaveAsync(incident);
    }

    /// <summary>As <see cref="DecideAsync"/>, journaled by whatever the gate saves next.</summary>
    public void Decide(Incident incident, Decision decision) => incident.Decide(Redacted(decision), Now);

    /// <summary>
    /// Puts the decided action through the gate and does what it says short of the runbook: watch, say what a dry run
    /// would do, ask a person, or escalate. True when the runbook is to run now.
    /// </summary>
    public Task<bool> GateAsync(Incident incident, Authority authority, CancellationToken ct) =>
        TracedAsync(incident, "gate", () => PassGateAsync(incident, authority, ct));

    private async Task<bool> PassGateAsync(Incident incident, Authority authority, CancellationToken ct)
    {
        var decision = incident.Decision!;
        var previous = authority == Authority.Approved ? [] : EarlierThan(incident, await store.AutomaticRollbacksSinceAsync(runbook.Service, Now - TimeSpan.FromDays(1), ct));
        var autonomy = await AutonomyOfAsync(decision, ct);
        var gate = ActionGate.Judge(decision, incident.Mode, authority, Settings.Budget, previous, Now, autonomy);
        switch (gate.Passage)
        {
            case Passage.Monitor:
                incident.MoveTo(IncidentState.Monitoring, Now, gate.Reason);
                await SaveAsync(incident);
                await NotifyStepAsync(incident, "notify-alert:" + decision.Action, Messages.Alert(incident,
                    decision.Action == RunbookAction.Monitor ? "monitor and fix forward; Watchdog takes no action" : gate.Reason), ct);
                return false;

            case Passage.DryRun:
                await IdentifyAsync(incident, decision, runbook.Provider, "identify", failIfNone: false, ct);
                var would = decision.Action == RunbookAction.DisableFlag
                    ? $"disable feature flag {decision.Flag}"
                    : $"roll back from {incident.FromVersion ?? "?"} to {incident.ToVersion ?? "(no target found)"}";
                incident.MoveTo(IncidentState.Monitoring, Now, $"DRY RUN: would {would}; nothing was called");
                await SaveAsync(incident);
                await NotifyStepAsync(incident, "notify-alert:" + decision.Action, Messages.Alert(incident, $"DRY RUN: Watchdog would {would} ({decision.Reason})"), ct);
                return false;

            case Passage.Ask:
                return await AskAsync(incident, decision, ct, autonomy is null && decision.PersonDecides is null ? null : gate.Reason);

            case Passage.Refuse:
                await EscalateAsync(incident, gate.Reason, NothingDone(incident), ct);
                return false;

            default:
                if (authority == Authority.Approved) return true; // the approval is on the timeline already
                // Journaled by the save that starts the runbook's first acting step, as an automatic decision is.
                if (authority == Authority.Unvetoed)
                    incident.Record(Now, TimelineKind.Unvetoed, $"no veto within {SignalFormat.Duration(Settings.VetoWindow)}: acting as announced");
                return true;
        }
    }

    /// <summary>The deciding rule's autonomy, announcing a move of its earned level first; null for a rule that has none.</summary>
    private async Task<RuleAutonomy?> AutonomyOfAsync(Decision decision, CancellationToken ct)
    {
        if (autonomy is null) return null;
        var (rule, moved) = await autonomy.ForAsync(decision.Trigger.Source, ct);
        if (moved is not null) await AnnounceAsync(moved, ct);
        return rule;
    }

    /// <summary>After an incident ends: where its rule's earned autonomy stands now, announced when it moved.</summary>
    public async Task ReviewAutonomyAsync(Incident incident, CancellationToken ct)
    {
        if (autonomy is not null && !incident.Drill && (await autonomy.ForAsync(incident.Trigger.Source, ct)).Moved is { } moved) await AnnounceAsync(moved, ct);
    }

    /// <param name="why">Why a person decides when it is the rule's autonomy rather than the mode.</param>
    private async Task<bool> AskAsync(Incident incident, Decision decision, CancellationToken ct, string? why = null)
    {
        if (await IdentifyAsync(incident, decision, runbook.Provider, "identify", failIfNone: runbook.Fallbacks.Count == 0, ct) is null
            && IncidentTransitions.IsFinal(incident.State)) return false; // failed: nothing to approve
        var window = decision.PersonDecides is null ? Settings.VetoWindow : TimeSpan.Zero;
        incident.MoveTo(IncidentState.AwaitingApproval, Now, (why is null ? "Approve mode: " : why + "; ") + (window > TimeSpan.Zero
            ? $"acting in {SignalFormat.Duration(window)} unless a person vetoes"
            : "waiting for a person"));
        await SaveAsync(incident);
        var asked = Messages.ApprovalNeeded(incident, window);
        var expires = Now + (window > TimeSpan.Zero ? window : TimeSpan.FromDays(1));
        await NotifyStepAsync(incident, "notify-approval:" + decision.Action, asked with { Links = [.. asked.Links, .. _links.Decide(incident, expires)] }, ct);
        return false;
    }

    /// <summary>A person approves the decided action; the gate then lets it act whatever the budget (a person chose).</summary>
    public async Task<bool> ApproveAsync(Incident incident, string by, CancellationToken ct)
    {
        incident.Record(Now, TimelineKind.Approved, $"approved by {by}");
        await SaveAsync(incident);
        return await GateAsync(incident, Authority.Approved, ct);
    }

    /// <summary>A person vetoes: nothing is done, and the incident is watched until the service is healthy again.</summary>
    public async Task VetoAsync(Incident incident, string by)
    {
        incident.MoveTo(IncidentState.Monitoring, Now, $"vetoed by {by}: no action; watching");
        await SaveAsync(incident);
    }

    /// <summary>Ends or reports on an open incident as the lifecycle says: escalate, resolve, close, or a progress message.</summary>
    public async Task ApplyAsync(Incident incident, LifecycleCommand command, IReadOnlyList<Reading> readings, CancellationToken ct)
    {
        switch (command.Move)
        {
            case Move.Escalate:
                await EscalateAsync(incident, command.Reason, NothingDone(incident), ct);
                break;
            case Move.Resolve:
                // Told before it is closed: a restart in between resolves it again and sends only what was not sent.
                await LeaveMaintenanceAsync(incident, ct);
                await NotifyStepAsync(incident, "notify-resolved", Messages.Resolved(incident, command.Reason), ct);
                incident.MoveTo(IncidentState.Resolved, Now, command.Reason);
                await SaveAsync(incident);
                break;
            case Move.Close:
                incident.Close(Now, command.Reason);
                await SaveAsync(incident);
                break;
            case Move.Progress:
                var restoredAt = incident.RestoredAt ?? Now;
                var sent = incident.Steps.Count(s => s.Key.StartsWith(IncidentLifecycle.ProgressStep, StringComparison.Ordinal));
                await NotifyStepAsync(incident, $"{IncidentLifecycle.ProgressStep}:{sent + 1}", Messages.Progress(incident, readings, Now - restoredAt, Settings.MonitorFor), ct);
                break;
            default:
                throw new ArgumentException($"{command.Move} is not an ending or a report", nameof(command));
        }
    }

    /// <summary>What was done before an escalation the runbook did not cause (a refusal, a regression while watching).</summary>
    private static string NothingDone(Incident i) =>
        i.RollbackStartedAt is null ? "nothing: no automatic action was allowed" : $"rolled back from {i.FromVersion} to {i.ToVersion}";

    /// <param name="done">What was tried, for the people who take over.</param>
    private async Task EscalateAsync(Incident incident, string why, string done, CancellationToken ct)
    {
        await SettleAlongsideAsync(incident, ct); // the announcement and evidence of the phase that ends here come first
        // People are told before the incident ends: an ended incident is not resumed, so a restart in between would
        // leave nobody told. Resumed instead, the same path leads here again and sends only what was not sent.
        done = await WithMaintenanceLeftAsync(incident, done, ct);
        if (!incident.Drill) await NotifyStepAsync(incident, "notify-escalation", Messages.Escalation(incident, why, done), ct);
        // A drill's failed check is a failed drill, not a production service waiting for a person; its report says so.
        incident.MoveTo(incident.Drill ? IncidentState.Failed : IncidentState.Escalated, Now, why);
        await SaveAsync(incident);
    }

    private async Task FailAsync(Incident incident, string why, CancellationToken ct)
    {
        await SettleAlongsideAsync(incident, ct);
        await LeaveMaintenanceAsync(incident, ct);
        // A drill pages nobody: its report names the failed step once it has rolled forward.
        if (!incident.Drill) await NotifyStepAsync(incident, "notify-escalation", Messages.Escalation(incident, why, StepsDone(incident), IncidentState.Failed), ct);
        incident.MoveTo(IncidentState.Failed, Now, why);
        await SaveAsync(incident);
    }

    /// <summary>Leaves maintenance mode before people take over, and says so in what was done.</summary>
    private async Task<string> WithMaintenanceLeftAsync(Incident incident, string done, CancellationToken ct) =>
        await LeaveMaintenanceAsync(incident, ct) is { } off ? $"{done}; maintenance mode off {(off.Ok ? "succeeded" : "FAILED: " + FirstLine(off.Detail))}" : done;

    private static string StepsDone(Incident i) => string.Join("; ", i.Steps.OrderBy(s => s.StartedAt).Select(s => $"{s.Key} {s.Status.ToString().ToLowerInvariant()}"));

    /// <summary>
    /// What people and pushed alerts wrote (a manual trigger's summary, an alert's annotations) is journaled and served
    /// by the API: a secret typed into it is masked before anything keeps it.
    /// </summary>
    private Decision Redacted(Decision d) => d with
    {
        Reason = redactor.Redact(d.Reason),
        Trigger = d.Trigger with { Summary = redactor.Redact(d.Trigger.Summary) },
    };
}
