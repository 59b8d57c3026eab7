using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>A drill's own changes to its incident; the drill runner only chooses among them.</summary>
public sealed partial class RunbookExecutor
{
    /// <summary>A drill skipped because the service is busy: closed at once, and people told why.</summary>
    internal async Task SkipDrillAsync(Incident drill, string busy, CancellationToken ct)
    {
        drill.Close(Now, "drill skipped: " + busy);
        await SaveAsync(drill);
        await NotifyStepAsync(drill, "notify-drill", DrillMessages.Skipped(drill, busy), ct);
    }

    /// <summary>What is live before the drill, journaled as its baseline step: the deployment it rolls forward to.</summary>
    internal async Task<Deployment?> DrillBaselineAsync(Incident drill, CancellationToken ct)
    {
        Deployment? original = null;
        await StepAsync(drill, DrillSteps.Baseline, async _ =>
        {
            var looked = await runbook.Provider.GetLiveAsync(ct);
            if (!looked.Ok)
                return StepOutcome.Failure($"{runbook.Provider.Name} could not say what is live ({looked.Error}), so there would be nothing to roll forward to");
            original = looked.Value;
            return original is null
                ? StepOutcome.Failure($"{runbook.Provider.Name} names no live deployment, so there would be nothing to roll forward to")
                : StepOutcome.Success($"live before the drill: {original}");
        }, ct);
        return original;
    }

    /// <summary>Ends a drill: the report is sent as a journaled step, then the incident is Resolved (passed) or Failed, and closed.</summary>
    internal async Task EndDrillAsync(Incident drill, bool passed, Notification report, string why, CancellationToken ct)
    {
        await NotifyStepAsync(drill, "notify-drill", report, ct);
        if (passed) drill.MoveTo(IncidentState.Resolved, Now, why);
        else if (!IncidentTransitions.IsFinal(drill.State)) drill.MoveTo(IncidentState.Failed, Now, why);
        drill.Close(Now, "drill over");
        await SaveAsync(drill);
    }

    /// <summary>A line on the drill's timeline (its request, a resume, its phases), saved at once.</summary>
    internal Task NoteAsync(Incident drill, string message)
    {
        drill.Record(Now, TimelineKind.Drill, message);
        return SaveAsync(drill);
    }
}
