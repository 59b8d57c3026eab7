using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Seed 2's "practise rollbacks quarterly in staging". A drill runs the emergency runbook for real, through the same
/// <see cref="RunbookExecutor"/>: identify, announce, roll back through the provider chain, stabilize, smoke-test, verify.
/// Then it rolls forward to what was live before and verifies again, so a broken rollback path shows in a rehearsal and
/// not in an emergency. It acts whatever the service's mode, because an operator chose the service for drills.
/// <para>
/// A drill is an incident of its own, marked <see cref="Incident.Drill"/>. It never quarantines the release it rolls back
/// from, since that release is not bad, and it never counts against the rollback budget. Its messages are flagged and
/// never escalate. It ends Resolved when every step passed, or Failed naming the first step that did not.
/// </para>
/// <para>
/// It does not run while the service has an open real incident; that skip is recorded as a closed drill incident. Only
/// one drill of a service runs at a time. Real incidents are kept from opening during a drill by the service's own gate
/// (<see cref="ServiceWatch.DrillAsync{T}"/>). Every change to the drill's incident is the executor's.
/// </para>
/// </summary>
public sealed class DrillRunner(ServiceRunbook runbook, IIncidentStore store, ILedger ledger, NotifierFanout notifier, Redactor redactor, TimeProvider time) : IDisposable
{
    private readonly RunbookExecutor _executor = new(runbook, store, notifier, redactor, time);
    private readonly SemaphoreSlim _one = new(1, 1);

    public string Service => runbook.Service;

    public Task<DrillReport> RunAsync(DrillRequest request, CancellationToken ct) => RunAsync(request, null, ct);

    /// <param name="opened">Called once the drill's incident is journaled, before anything is done to the service.</param>
    public async Task<DrillReport> RunAsync(DrillRequest request, Action<Incident>? opened, CancellationToken ct)
    {
        if (!await _one.WaitAsync(0, ct))
            return new DrillReport(DrillOutcome.Skipped, Service, null, $"DRILL SKIPPED: a drill of {Service} is already under way");
        try
        {
            var now = Now;
            var trigger = new Trigger("drill", Meaning.CoreBroken, $"DRILL requested by {request.By}: a rehearsal of the rollback runbook; nothing is wrong", now, now);
            var incident = new Incident($"{now:yyyyMMdd-HHmmss-fff}-{Service}-drill", Service, Mode.Auto, trigger, now) { Drill = true };
            await _executor.NoteAsync(incident, $"drill of {Service} requested by {request.By}; roll forward {(request.RollForward ? "on" : "off")}");
            opened?.Invoke(incident);

            if (await BusyAsync(request, incident.Id, ct) is { } busy)
            {
                await _executor.SkipDrillAsync(incident, busy, ct);
                return new DrillReport(DrillOutcome.Skipped, Service, incident.Id, $"DRILL SKIPPED: {busy}");
            }

            // Without what was live there is nothing to come back to, so nothing is rolled back.
            if (await _executor.DrillBaselineAsync(incident, ct) is not { } original) return await ReportAsync(incident, null, ct);

            // Before the decision is journaled: a drill resumed after a restart must know where to roll forward to.
            var plan = new DrillPlan(original, request.RollForward);
            await ledger.SetAsync(DrillPlan.LedgerScope, incident.Id, plan.Write(), ct);
            await _executor.DecideAsync(incident, new Decision(RunbookAction.Rollback, $"drill: roll back from {original.Version} and verify{(plan.RollForward ? ", then roll forward to it" : "")}", trigger));
            return await FinishAsync(incident, plan, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Carries on with a drill the journal shows open (after a restart): finished steps are not repeated.</summary>
    public async Task<DrillReport> ResumeAsync(Incident incident, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            await _executor.NoteAsync(incident, "resumed after a restart");
            if (DrillPlan.Read(await ledger.GetAsync(DrillPlan.LedgerScope, incident.Id, ct)) is not { } plan)
            {
                if (incident.Step(DrillSteps.Baseline) is not { Status: StepStatus.Failed })
                    incident.SetStep(new StepRecord(DrillSteps.Baseline, StepStatus.Failed, 1, Now, Now, "what was live before the drill is not in the ledger; not rolled forward"));
                return await ReportAsync(incident, null, ct);
            }

            return await FinishAsync(incident, plan, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<DrillReport> FinishAsync(Incident incident, DrillPlan plan, CancellationToken ct)
    {
        await _executor.RunAsync(incident, ct);
        // Also after a failed rollback: the platform may be half way, or on the target after all. On the original already, nothing is sent.
        var forward = plan.RollForward ? await _executor.RollForwardAsync(incident, plan.Original, ct) : (StepOutcome?)null;
        return await ReportAsync(incident, (plan, forward), ct);
    }

    /// <summary>Records the phases, sends the report, and ends the incident: Resolved when every step passed, else Failed.</summary>
    private async Task<DrillReport> ReportAsync(Incident incident, (DrillPlan Plan, StepOutcome? Forward)? done, CancellationToken ct)
    {
        var phases = DrillPhases.Of(incident);
        var failed = incident.Steps.Where(s => s.Status == StepStatus.Failed).OrderBy(s => s.StartedAt).FirstOrDefault();
        if (phases.ToString() is { Length: > 0 } durations) await _executor.NoteAsync(incident, $"phases: {durations}");

        if (failed is null && incident.State == IncidentState.Monitoring && done is { } ok)
        {
            await _executor.EndDrillAsync(incident, passed: true, DrillMessages.Passed(incident, phases, ok.Forward is not null), $"drill passed: {phases}", ct);
            return new DrillReport(DrillOutcome.Passed, Service, incident.Id, $"DRILL PASSED: {phases}");
        }

        var step = failed?.Key ?? "runbook";
        var reason = FirstLine(failed?.Output ?? incident.Timeline.LastOrDefault(e => e.Kind == TimelineKind.State)?.Message ?? "the runbook stopped short");
        var report = DrillMessages.Failed(incident, step, reason, phases, WhereNow(incident, done));
        await _executor.EndDrillAsync(incident, passed: false, report, $"drill failed at step {step}: {reason}", ct);
        return new DrillReport(DrillOutcome.Failed, Service, incident.Id, $"DRILL FAILED at step {step}: {reason}");
    }

    private static string WhereNow(Incident incident, (DrillPlan Plan, StepOutcome? Forward)? done)
    {
        if (done is { Forward: { Ok: true } }) return $"back on {done.Value.Plan.Original}";
        if (done is { Forward: { } f }) return $"NOT back on {done.Value.Plan.Original}: roll forward by hand ({FirstLine(f.Detail)})";
        var rolledBack = incident.Steps.Any(s => Incident.IsRollbackStep(s.Key) && s.Status != StepStatus.Failed);
        if (!rolledBack) return "unchanged: nothing was rolled back";
        return done is { Plan.RollForward: false }
            ? $"left on {incident.ToVersion ?? "the rollback target"}: roll forward is off for this drill"
            : $"left on {incident.ToVersion ?? "the rollback target"}: not rolled forward, roll forward by hand";
    }

    /// <summary>Why not now: a real incident is open on the service, or an earlier drill still is.</summary>
    private async Task<string?> BusyAsync(DrillRequest request, string self, CancellationToken ct)
    {
        if (request.OpenIncidentId is { } id) return $"incident {id} is open on {Service}";
        var open = (await store.ListOpenAsync(ct)).FirstOrDefault(i => string.Equals(i.Service, Service, StringComparison.Ordinal) && i.Id != self);
        return open switch
        {
            null => null,
            { Drill: true } => $"drill {open.Id} of {Service} is still open",
            _ => $"incident {open.Id} is open on {Service}",
        };
    }



    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl] + " …";
    }


    private DateTimeOffset Now => time.GetUtcNow();

    public void Dispose() => _one.Dispose();
}
