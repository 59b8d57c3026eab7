using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Seed 1, steps 1.3 and 6.4: a completely unusable service shows users a maintenance page while it is rolled back,
/// and gets the service back afterwards. Whatever may have turned it on is undone on every way an incident ends.
/// </summary>
public sealed partial class RunbookExecutor
{
    private const string MaintenanceOn = "maintenance-on", MaintenanceOff = "maintenance-off", MaintenanceSkipped = "maintenance-skipped";

    /// <summary>
    /// Whether maintenance mode may still be on: the "on" step ran at all (one that failed may have set the variable
    /// and failed on the restart after it) and the "off" step has not finished.
    /// </summary>
    public static bool MaintenanceLeftOn(Incident incident) =>
        incident.Step(MaintenanceOn) is not null && incident.Step(MaintenanceOff) is null or { Status: StepStatus.Started };

    /// <summary>
    /// Where a variable only takes effect through a redeploy, turning it on before a rollback would redeploy the very
    /// release being rolled back, and delay the rollback by a deployment: the step is skipped and says why.
    /// </summary>
    private void BeginMaintenance(Incident incident, Decision decision, CancellationToken ct)
    {
        if (decision.Action == RunbookAction.Rollback && runbook.Provider.SetVariableRedeploys)
            BeginAlongside(incident, MaintenanceSkipped, _ => Task.FromResult(StepOutcome.Success(
                $"maintenance mode not turned on: setting {MaintenanceMode} on {runbook.Provider.Name} redeploys the live release, the one being rolled back; the rollback itself restores service sooner")), ct);
        else BeginAlongside(incident, MaintenanceOn, _ => runbook.Provider.SetVariableAsync(MaintenanceMode, "true", ct), ct);
    }

    /// <summary>Turns maintenance mode off when it may be on; null when there was nothing to undo.</summary>
    private async Task<StepOutcome?> LeaveMaintenanceAsync(Incident incident, CancellationToken ct) =>
        MaintenanceLeftOn(incident)
            ? await StepAsync(incident, MaintenanceOff, _ => runbook.Provider.SetVariableAsync(MaintenanceMode, "false", ct), ct)
            : null;
}
