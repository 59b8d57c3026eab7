using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Carries out a decided incident: identify the target, announce, roll back (or disable the flag),
/// stabilize, smoke-test, verify, report. Every step is journaled before and after it runs, and a
/// step the journal shows as done is never run again, so running this again after a restart resumes
/// the incident where it stopped. The one step that must never repeat blindly, the rollback itself,
/// first re-reads what is live when it finds itself interrupted.
/// </summary>
public sealed class RunbookExecutor(ServiceRunbook runbook, IIncidentStore store, NotifierFanout notifier, Redactor redactor, TimeProvider time)
{
    private RunbookSettings Settings => runbook.Settings;

    public async Task RunAsync(Incident incident, CancellationToken ct)
    {
        if (incident.Decision is not { } decision || IncidentTransitions.IsFinal(incident.State) || incident.State == IncidentState.Monitoring)
            return;

        var target = await IdentifyAsync(incident, decision, ct);
        if (target is null) return;

        if (incident.State is IncidentState.Decided or IncidentState.AwaitingApproval)
        {
            incident.RollbackStartedAt = Now;
            incident.MoveTo(IncidentState.RollingBack, Now, decision.Action == RunbookAction.DisableFlag
                ? $"disabling feature flag {decision.Flag}" : $"rolling back from {incident.FromVersion} to {incident.ToVersion}");
            await SaveAsync(incident);
        }

        if (incident.State == IncidentState.RollingBack)
        {
            await NotifyStepAsync(incident, "announce", Messages.RollbackInProgress(incident), ct);
            var acted = decision.Action == RunbookAction.DisableFlag
                ? await StepAsync(incident, "disable-flag", _ => runbook.Provider.SetVariableAsync(decision.Flag!, "false", ct), ct)
                : await StepAsync(incident, "rollback", resumed => RollBackAsync(target, resumed, ct), ct);
            if (!acted.Ok)
            {
                await FailAsync(incident, $"{runbook.Provider.Name} {(decision.Action == RunbookAction.DisableFlag ? "could not disable the flag" : "rollback failed")}: {acted.Detail}", ct);
                return;
            }

            incident.MoveTo(IncidentState.Stabilizing, Now, "target live; stabilizing");
            await SaveAsync(incident);
        }

        if (incident.State == IncidentState.Stabilizing)
        {
            foreach (var task in runbook.Stabilization)
                await StepAsync(incident, "stabilize:" + task.Name, _ => task.RunAsync(ct), ct);
            incident.MoveTo(IncidentState.Verifying, Now, "stabilized; running smoke tests and verification");
            await SaveAsync(incident);
        }

        if (incident.State == IncidentState.Verifying)
            await VerifyAsync(incident, target, ct);
    }

    /// <summary>Finds what is live and what to roll back to; read-only, so a dry run may call it too.</summary>
    public async Task<Deployment?> IdentifyAsync(Incident incident, Decision decision, CancellationToken ct)
    {
        var outcome = await StepAsync(incident, "identify", async _ =>
        {
            var live = await runbook.Provider.GetLiveAsync(ct);
            incident.FromVersion = live?.Version;
            incident.TargetDeploymentId = live?.Id;
            if (decision.Action == RunbookAction.DisableFlag)
            {
                incident.ToVersion = live?.Version;
                return live is null ? StepOutcome.Failure("the provider names no live deployment") : StepOutcome.Success($"live: {live}");
            }

            var target = RollbackTarget.Choose(await runbook.Provider.ListAsync(ct), live);
            incident.ToVersion = target?.Version;
            incident.TargetDeploymentId = target?.Id;
            return target is null
                ? StepOutcome.Failure($"no earlier deployment to roll back to (live: {live?.ToString() ?? "unknown"})")
                : StepOutcome.Success($"live: {live?.ToString() ?? "unknown"}; target: {target}");
        }, ct);

        if (!outcome.Ok)
        {
            if (incident.Mode != Mode.DryRun) await FailAsync(incident, outcome.Detail, ct);
            return null;
        }

        // Rebuilt from the journal, so a resumed runbook aims at the deployment it chose before.
        return new Deployment(incident.TargetDeploymentId ?? incident.ToVersion!, incident.ToVersion!);
    }

    private async Task<StepOutcome> RollBackAsync(Deployment target, bool resumed, CancellationToken ct)
    {
        if (resumed)
        {
            // The process died while the rollback was under way: it may have gone through. Look before asking again.
            var live = await WaitUntilLiveAsync(target, ct);
            if (live.Ok) return StepOutcome.Success("interrupted earlier; target found live on resume, not rolled back again");
        }

        var requested = await runbook.Provider.RollbackAsync(target, ct);
        if (!requested.Ok) return requested;
        var wait = await WaitUntilLiveAsync(target, ct);
        return wait.Ok ? StepOutcome.Success($"{requested.Detail}\n{wait.Detail}") : StepOutcome.Failure($"{requested.Detail}\n{wait.Detail}");
    }

    private async Task<StepOutcome> WaitUntilLiveAsync(Deployment target, CancellationToken ct)
    {
        var started = Now;
        Deployment? live = null;
        while (true)
        {
            try
            {
                live = await runbook.Provider.GetLiveAsync(ct);
                if (live?.Id == target.Id)
                    return StepOutcome.Success($"{target} live after {Signals.SignalFormat.Duration(Now - started)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed look is not a failed rollback: keep looking until the deadline.
            }

            if (Now - started >= Settings.RollbackTimeout)
                return StepOutcome.Failure($"{target} not live after {Signals.SignalFormat.Duration(Settings.RollbackTimeout)} (live: {live?.ToString() ?? "unknown"})");
            await Task.Delay(Settings.LivePollInterval, time, ct);
        }
    }

    private async Task VerifyAsync(Incident incident, Deployment target, CancellationToken ct)
    {
        var checks = new List<string>();
        foreach (var smoke in runbook.SmokeTests)
        {
            var result = await StepAsync(incident, "smoke:" + smoke.Name, _ => smoke.RunAsync(ct), ct);
            checks.Add($"{(result.Ok ? "✅" : "❌")} smoke test {smoke.Name}");
            if (!result.Ok)
            {
                await EscalateAsync(incident, $"smoke test {smoke.Name} failed after the rollback: {result.Detail}", ct);
                return;
            }
        }

        var verified = await StepAsync(incident, "verify", _ => runbook.Verifier.VerifyAsync(target, ct), ct);
        checks.Add($"{(verified.Ok ? "✅" : "❌")} {verified.Detail}");
        if (!verified.Ok)
        {
            await EscalateAsync(incident, $"the rollback did not help: {verified.Detail}", ct);
            return;
        }

        incident.RestoredAt ??= Now;
        await NotifyStepAsync(incident, "notify-complete", Messages.RollbackComplete(incident, checks, Settings.MonitorFor), ct);
        incident.MoveTo(IncidentState.Monitoring, Now, $"service restored on {target}; watching for {Signals.SignalFormat.Duration(Settings.MonitorFor)}");
        await SaveAsync(incident);
    }

    private async Task EscalateAsync(Incident incident, string why, CancellationToken ct)
    {
        incident.MoveTo(IncidentState.Escalated, Now, why);
        await SaveAsync(incident);
        await NotifyStepAsync(incident, "notify-escalation", Messages.Escalation(incident, why, Done(incident)), ct);
    }

    private async Task FailAsync(Incident incident, string why, CancellationToken ct)
    {
        incident.MoveTo(IncidentState.Failed, Now, why);
        await SaveAsync(incident);
        await NotifyStepAsync(incident, "notify-escalation", Messages.Escalation(incident, why, Done(incident)), ct);
    }

    private static string Done(Incident i) => string.Join("; ", i.Steps.OrderBy(s => s.StartedAt).Select(s => $"{s.Key} {s.Status.ToString().ToLowerInvariant()}"));

    /// <summary>Runs a notification as a journaled step: a restart re-sends only what was not sent.</summary>
    private Task NotifyStepAsync(Incident incident, string key, Notification n, CancellationToken ct) =>
        StepAsync(incident, key, async _ =>
        {
            var results = await notifier.SendAsync(n, ct);
            // Journaled as failed when no channel took it: an escalation that reached nobody must show.
            return new StepOutcome(notifier.Delivered(results), string.Join("; ", results));
        }, ct);

    /// <summary>
    /// The journal discipline: a finished step returns its recorded outcome; otherwise "started" is
    /// saved before the step runs and the outcome after. <c>resumed</c> tells the step it was interrupted.
    /// </summary>
    private async Task<StepOutcome> StepAsync(Incident incident, string key, Func<bool, Task<StepOutcome>> run, CancellationToken ct)
    {
        var prior = incident.Step(key);
        if (prior is { Status: not StepStatus.Started })
            return new StepOutcome(prior.Status == StepStatus.Succeeded, prior.Output ?? "");

        var started = Now;
        var attempt = (prior?.Attempt ?? 0) + 1;
        incident.SetStep(new StepRecord(key, StepStatus.Started, attempt, started, null, null));
        await SaveAsync(incident);

        StepOutcome outcome;
        try
        {
            outcome = await run(prior is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            outcome = StepOutcome.Failure($"{e.GetType().Name}: {e.Message}");
        }

        var detail = redactor.Redact(outcome.Detail);
        incident.SetStep(new StepRecord(key, outcome.Ok ? StepStatus.Succeeded : StepStatus.Failed, attempt, started, Now, detail));
        incident.Record(Now, "step", $"{key} {(outcome.Ok ? "succeeded" : "failed")}{(attempt > 1 ? $" (attempt {attempt})" : "")}: {FirstLine(detail)}");
        await SaveAsync(incident);
        return outcome with { Detail = detail };
    }

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl] + " …";
    }

    // The journal is written even while shutting down: a half-written step is worse than a late stop.
    private Task SaveAsync(Incident incident) => store.SaveAsync(incident, CancellationToken.None);

    private DateTimeOffset Now => time.GetUtcNow();
}
