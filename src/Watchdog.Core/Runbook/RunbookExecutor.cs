using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Channels;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>
/// The one actor: every change to an incident — open, decide, act, escalate, resolve, notify, approve, veto,
/// restore — is made here, journaled before its effect. The runbook itself: identify the target, announce,
/// roll back (or disable the flag), stabilize, smoke-test, verify, report. A step the journal shows as done is
/// never run again, so running this again after a restart resumes the incident where it stopped. The one step
/// that must never repeat blindly, the rollback itself, first re-reads what is live when it was interrupted.
/// </summary>
public sealed partial class RunbookExecutor(ServiceRunbook runbook, IIncidentStore store, NotifierFanout notifier, Redactor redactor, TimeProvider time, IActionLinks? links = null, RuleRecheck? recheck = null, ReleaseWatch? releases = null, RestoreTimes? restoreTimes = null, ComponentWatch? parts = null, AutonomyBook? autonomy = null)
{
    public const string MaintenanceMode = "MAINTENANCE_MODE";

    private readonly IActionLinks _links = links ?? NoActionLinks.Instance;

    private RunbookSettings Settings => runbook.Settings;

    public Task RunAsync(Incident incident, CancellationToken ct) => TracedAsync(incident, "run", async () =>
    {
        ForgetAlongside();
        await RunStepsAsync(incident, ct);
        return true;
    });

    private async Task RunStepsAsync(Incident incident, CancellationToken ct)
    {
        if (incident.Decision is not { } decision || IncidentTransitions.IsFinal(incident.State) || incident.State == IncidentState.Monitoring)
        {
            // Ended, or watched: only what an interrupted ending left behind is undone.
            await LeaveMaintenanceAsync(incident, ct);
            return;
        }

        if (incident.State is IncidentState.Decided or IncidentState.AwaitingApproval)
        {
            // The primary's view names the versions in the announcement; fallbacks look again for themselves.
            // With parts, the primary may be no suspect at all: its identify only names versions for the announcement.
            var first = await IdentifyAsync(incident, decision, runbook.Provider, "identify", failIfNone: runbook.Fallbacks.Count == 0 && !runbook.HasComponents, ct);
            if (first is null && IncidentTransitions.IsFinal(incident.State)) return;
            incident.RollbackStartedAt = Now;
            // Not saved on its own: the save that starts the first acting step journals the decision, the target and this.
            incident.MoveTo(IncidentState.RollingBack, Now, decision.Action == RunbookAction.DisableFlag
                ? $"disabling feature flag {decision.Flag}" : $"rolling back from {incident.FromVersion} to {incident.ToVersion ?? "(target not found yet)"}");
        }

        if (incident.State == IncidentState.RollingBack)
        {
            await BeginAlongsideAsync(incident, decision, ct);
            bool restored;
            if (decision.Action == RunbookAction.DisableFlag) restored = await DisableFlagAsync(incident, decision, ct);
            else if (runbook.HasComponents && parts is not null) restored = await RollBackPartsAsync(incident, decision, parts, ct);
            else if (await RollBackThroughChainAsync(incident, decision, ct) is { Ok: false } failed)
            {
                await FailAsync(incident, failed.Detail, ct);
                restored = false;
            }
            else restored = true;

            await SettleAlongsideAsync(incident, ct);
            if (!restored) return;
            incident.MoveTo(IncidentState.Stabilizing, Now, "target live; stabilizing");
            await SaveAsync(incident);
        }

        var target = new Deployment(incident.TargetDeploymentId ?? incident.ToVersion!, incident.ToVersion ?? incident.TargetDeploymentId!);
        if (incident.State == IncidentState.Stabilizing)
        {
            if (runbook.Stabilization.Count > 0)
                await ProgressAfterLiveAsync(incident, $"{target} is live; stabilizing ({string.Join(", ", runbook.Stabilization.Select(t => t.Name))})", ct);
            foreach (var task in runbook.Stabilization)
                await StepAsync(incident, "stabilize:" + task.Name, _ => task.RunAsync(ct), ct);
            incident.MoveTo(IncidentState.Verifying, Now, "stabilized; running smoke tests and verification");
            await SaveAsync(incident);
        }

        if (incident.State == IncidentState.Verifying)
        {
            await ProgressAfterLiveAsync(incident, $"{target} is live; running smoke tests and verification", ct);
            await VerifyAsync(incident, target, ct);
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();
}
