using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>A platform whose rollback pins production (<see cref="IPinnedProduction"/>): its setting recorded before, restored after a drill.</summary>
public sealed partial class RunbookExecutor
{
    /// <summary>Journals the platform's auto-assignment setting before it rolls back; a failed read never holds the rollback up.</summary>
    private Task RecordPinAsync(Incident incident, IDeploymentProvider provider, string suffix, CancellationToken ct) =>
        provider is not IPinnedProduction pin ? Task.CompletedTask : ReadStepAsync(incident, ProductionPin.BeforeStep + suffix, async () =>
        {
            var now = await pin.AutoAssignsDomainsAsync(ct);
            var fact = new ProductionPin(provider.Name, pin.AutoAssignSetting, now.Ok ? now.Value : null, pin.PromoteCommand);
            return now.Ok ? StepOutcome.Success(fact.Write()) : StepOutcome.Failure(fact.Write(now.Error));
        }, ct);

    /// <summary>
    /// After a drill's promote: the setting as it was before the drill. A promote turns auto-assignment on, which is
    /// right for most projects and wrong for one that stages production on purpose; Watchdog never leaves it changed.
    /// </summary>
    private Task<StepOutcome> RestoreAutoAssignAsync(Incident incident, IPinnedProduction pin, CancellationToken ct) =>
        StepAsync(incident, "domains-restore", async _ =>
        {
            var setting = pin.AutoAssignSetting;
            // Read whether or not the rollback went through: an accepted rollback whose alias job failed may still have changed it.
            var before = ProductionPin.Read(incident.Step(ProductionPin.BeforeStep)?.Output)?.WasOn;
            var now = await pin.AutoAssignsDomainsAsync(ct);
            if (!now.Ok)
                return StepOutcome.Failure($"could not read {setting} after the roll forward ({now.Error}); it was {OnOff(before)} before the drill: check it by hand");
            if (before is not { } was)
                return StepOutcome.Success($"{setting} is {OnOff(now.Value)} after the roll forward; its value before the drill was not recorded, so it is left as is");
            if (now.Value == was) return StepOutcome.Success($"{setting} is {OnOff(was)}, as before the drill");
            var set = await pin.SetAutoAssignDomainsAsync(was, ct);
            return set.Ok
                ? StepOutcome.Success($"{setting} was {OnOff(now.Value)} after the roll forward; set back to {OnOff(was)}, as before the drill")
                : StepOutcome.Failure($"{setting} is {OnOff(now.Value)} after the roll forward but was {OnOff(was)} before the drill, and setting it back failed: {set.Detail}");
        }, ct);

    private static string OnOff(bool? on) => on switch { true => "on", false => "off", null => "unknown" };
}
