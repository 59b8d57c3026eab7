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

        if (incident.State is IncidentState.Decided or IncidentState.AwaitingApproval)
        {
            // The primary's view names the versions in the announcement; fallbacks look again for themselves.
            var first = await IdentifyAsync(incident, decision, runbook.Provider, "identify", failIfNone: runbook.Fallbacks.Count == 0, ct);
            if (first is null && IncidentTransitions.IsFinal(incident.State)) return;
            incident.RollbackStartedAt = Now;
            incident.MoveTo(IncidentState.RollingBack, Now, decision.Action == RunbookAction.DisableFlag
                ? $"disabling feature flag {decision.Flag}" : $"rolling back from {incident.FromVersion} to {incident.ToVersion ?? "(target not found yet)"}");
            await SaveAsync(incident);
        }

        if (incident.State == IncidentState.RollingBack)
        {
            await NotifyStepAsync(incident, "announce", Messages.RollbackInProgress(incident), ct);
            if (runbook.Provider is IProviderLogs logs) await SaveLogsAsync(incident, logs, ct);
            if (incident.Trigger.Meaning == Rules.Meaning.ServiceDown)
            {
                // Seed 1, step 1.3: only when the service is completely unusable, show users a maintenance page.
                await StepAsync(incident, "maintenance-on", _ => runbook.Provider.SetVariableAsync(MaintenanceMode, "true", ct), ct);
            }

            var acted = decision.Action == RunbookAction.DisableFlag
                ? await StepAsync(incident, "disable-flag", _ => runbook.Provider.SetVariableAsync(decision.Flag!, "false", ct), ct)
                : await RollBackThroughChainAsync(incident, decision, ct);
            if (!acted.Ok)
            {
                await FailAsync(incident, decision.Action == RunbookAction.DisableFlag ? $"{runbook.Provider.Name} could not disable the flag: {acted.Detail}" : acted.Detail, ct);
                return;
            }

            incident.MoveTo(IncidentState.Stabilizing, Now, "target live; stabilizing");
            await SaveAsync(incident);
        }

        var target = new Deployment(incident.TargetDeploymentId ?? incident.ToVersion!, incident.ToVersion ?? incident.TargetDeploymentId!);
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

    public const string MaintenanceMode = "MAINTENANCE_MODE";

    /// <summary>
    /// Seed 1 phase 4: restoring the database loses data, so it is never automatic. A person asks for it;
    /// a fresh backup of the current state is taken first, and the restore runs only if that succeeded.
    /// Both are journaled steps of the incident.
    /// </summary>
    public async Task<StepOutcome> RestoreDatabaseAsync(Incident incident, string by, CancellationToken ct)
    {
        if (runbook.DatabaseBackup is not { } backup || runbook.DatabaseRestore is not { } restore)
            return StepOutcome.Failure("no database backup and restore commands are configured for this service");
        incident.Record(Now, "database", $"database restore requested by {by}");
        await SaveAsync(incident);
        var saved = await StepAsync(incident, "db-backup", _ => backup.RunAsync(ct), ct);
        if (!saved.Ok) return StepOutcome.Failure($"backup of the current state failed, so the restore was not run: {FirstLine(saved.Detail)}");
        var restored = await StepAsync(incident, "db-restore", _ => restore.RunAsync(ct), ct);
        return restored.Ok ? StepOutcome.Success($"backup taken, database restored: {FirstLine(restored.Detail)}") : StepOutcome.Failure($"backup taken, but the restore failed: {FirstLine(restored.Detail)}");
    }

    /// <summary>
    /// The fallback chain: each provider in turn finds its own target and rolls back to it, until one
    /// succeeds. The journal keys each provider's steps apart, so a resumed runbook knows which
    /// provider it was on and never repeats one that finished.
    /// </summary>
    private async Task<StepOutcome> RollBackThroughChainAsync(Incident incident, Decision decision, CancellationToken ct)
    {
        var failures = new List<(string Provider, string Why)>();
        var chain = (IReadOnlyList<IDeploymentProvider>)[runbook.Provider, .. runbook.Fallbacks];
        for (var i = 0; i < chain.Count; i++)
        {
            var provider = chain[i];
            var suffix = i == 0 ? "" : ":" + provider.Name;
            var target = i == 0 && incident.Step("identify") is { Status: StepStatus.Succeeded } && incident.TargetDeploymentId is not null
                ? new Deployment(incident.TargetDeploymentId, incident.ToVersion!)
                : await IdentifyAsync(incident, decision, provider, "identify" + suffix, failIfNone: false, ct);
            if (target is null)
            {
                failures.Add((provider.Name, incident.Step("identify" + suffix)?.Output ?? "no target"));
                continue;
            }

            var outcome = await StepAsync(incident, "rollback" + suffix, resumed => RollBackAsync(provider, target, resumed, ct), ct);
            if (outcome.Ok)
            {
                // A drill rolls back from a good release on purpose: it is not bad, and comes back when the drill rolls forward.
                if (!incident.Drill) await QuarantineAsync(incident, ct);
                return outcome;
            }

            failures.Add((provider.Name, FirstLine(outcome.Detail)));
        }

        return StepOutcome.Failure(chain.Count == 1
            ? $"{runbook.Provider.Name} rollback failed: {failures[0].Why}"
            : $"rollback failed on every provider: {string.Join("; ", failures.Select(f => $"{f.Provider}: {f.Why}"))}");
    }

    /// <summary>Seed 4.6: the release rolled back from is bad; it must never be chosen again, and its return is noticed.</summary>
    private Task QuarantineAsync(Incident incident, CancellationToken ct) =>
        StepAsync(incident, "quarantine", async _ =>
        {
            if (incident.FromVersion is not { } bad) return StepOutcome.Failure("the bad release's version is unknown; nothing quarantined");
            await store.QuarantineAsync(runbook.Service, bad, null, incident.Id, Now, ct);
            return StepOutcome.Success($"{bad} quarantined: never a rollback target again, and an alert if it is deployed again");
        }, ct);

    /// <summary>Finds what is live and what to roll back to with the primary provider; read-only, so a dry run may call it too.</summary>
    public Task<Deployment?> IdentifyAsync(Incident incident, Decision decision, CancellationToken ct) =>
        IdentifyAsync(incident, decision, runbook.Provider, "identify", failIfNone: incident.Mode != Mode.DryRun && runbook.Fallbacks.Count == 0, ct);

    private async Task<Deployment?> IdentifyAsync(Incident incident, Decision decision, IDeploymentProvider provider, string key, bool failIfNone, CancellationToken ct)
    {
        var outcome = await StepAsync(incident, key, async _ =>
        {
            var live = await provider.GetLiveAsync(ct);
            incident.FromVersion = live?.Version;
            incident.TargetDeploymentId = live?.Id;
            if (decision.Action == RunbookAction.DisableFlag)
            {
                incident.ToVersion = live?.Version;
                return live is null ? StepOutcome.Failure("the provider names no live deployment") : StepOutcome.Success($"live: {live}");
            }

            var target = RollbackTarget.Choose(await provider.ListAsync(ct), live, await store.QuarantinedAsync(runbook.Service, ct));
            incident.ToVersion = target?.Version;
            incident.TargetDeploymentId = target?.Id;
            return target is null
                ? StepOutcome.Failure($"no earlier deployment to roll back to (live: {live?.ToString() ?? "unknown"})")
                : StepOutcome.Success($"live: {live?.ToString() ?? "unknown"}; target: {target}");
        }, ct);

        if (!outcome.Ok)
        {
            if (failIfNone) await FailAsync(incident, outcome.Detail, ct);
            return null;
        }

        // Rebuilt from the journal, so a resumed runbook aims at the deployment it chose before.
        return new Deployment(incident.TargetDeploymentId ?? incident.ToVersion!, incident.ToVersion!);
    }

    /// <summary>
    /// Asks one provider to roll back, up to <see cref="RunbookSettings.RollbackAttempts"/> times.
    /// Before asking again — after a refusal, or after a restart cut the last request short — it
    /// looks at what is live: a rollback that went through is never requested twice.
    /// </summary>
    private async Task<StepOutcome> RollBackAsync(IDeploymentProvider provider, Deployment target, bool resumed, CancellationToken ct)
    {
        if (resumed)
        {
            // The process died while the rollback was under way: it may still be rolling out. Wait for it before asking again.
            var live = await WaitUntilLiveAsync(provider, target, ct);
            if (live.Ok) return StepOutcome.Success("interrupted earlier; target found live on resume, not rolled back again");
        }

        var refusals = new List<string>();
        var attempts = Math.Max(1, Settings.RollbackAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(Settings.RollbackRetryDelay * Math.Pow(2, attempt - 2), time, ct);
                if (await IsLiveAsync(provider, target, ct))
                    return StepOutcome.Success($"{string.Join("\n", refusals)}\n{target} found live before asking again; not rolled back twice");
            }

            StepOutcome requested;
            try
            {
                requested = await provider.RollbackAsync(target, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                requested = StepOutcome.Failure($"{e.GetType().Name}: {e.Message}");
            }

            if (requested.Ok)
            {
                var wait = await WaitUntilLiveAsync(provider, target, ct);
                var detail = string.Join("\n", [.. refusals, requested.Detail, wait.Detail]);
                return wait.Ok ? StepOutcome.Success(detail) : StepOutcome.Failure(detail);
            }

            refusals.Add($"attempt {attempt}: {FirstLine(requested.Detail)}");
        }

        return StepOutcome.Failure($"refused {attempts} times: {string.Join("; ", refusals)}");
    }

    private static async Task<bool> IsLiveAsync(IDeploymentProvider provider, Deployment target, CancellationToken ct)
    {
        try
        {
            return (await provider.GetLiveAsync(ct))?.Id == target.Id;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<StepOutcome> WaitUntilLiveAsync(IDeploymentProvider provider, Deployment target, CancellationToken ct)
    {
        var started = Now;
        Deployment? live = null;
        while (true)
        {
            try
            {
                live = await provider.GetLiveAsync(ct);
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
        if (incident.Step("maintenance-on") is { Status: StepStatus.Succeeded })
        {
            // Seed 1, step 6.4: users get the service back, not the maintenance page.
            var off = await StepAsync(incident, "maintenance-off", _ => runbook.Provider.SetVariableAsync(MaintenanceMode, "false", ct), ct);
            checks.Add($"{(off.Ok ? "✅" : "❌")} maintenance mode off");
        }

        await NotifyStepAsync(incident, "notify-complete", Messages.RollbackComplete(incident, checks, Settings.MonitorFor), ct);
        incident.MoveTo(IncidentState.Monitoring, Now, $"service restored on {target}; watching for {Signals.SignalFormat.Duration(Settings.MonitorFor)}");
        await SaveAsync(incident);
    }

    /// <summary>Lines kept as evidence, and how long fetching them may hold up the rollback.</summary>
    private const int EvidenceLines = 50, EvidenceLineChars = 400;

    private static readonly TimeSpan EvidenceTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Seed 1 keeps "error logs" with the incident. Best effort and brief: a platform that cannot answer in
    /// time leaves a failed step in the journal, and the rollback goes on.
    /// </summary>
    private Task SaveLogsAsync(Incident incident, IProviderLogs logs, CancellationToken ct) =>
        StepAsync(incident, "evidence-logs", async _ =>
        {
            using var limit = new CancellationTokenSource(EvidenceTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, ct);
            try
            {
                var lines = await logs.LiveLogsAsync(EvidenceLines, linked.Token);
                if (lines.Count == 0) return StepOutcome.Success("the platform has no log lines for the live deployment");
                var kept = lines.TakeLast(EvidenceLines).Select(l => l.Length <= EvidenceLineChars ? l : l[..EvidenceLineChars] + "…");
                return StepOutcome.Success($"last {Math.Min(lines.Count, EvidenceLines)} log lines of the live deployment:\n" + string.Join('\n', kept));
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return StepOutcome.Failure($"no logs within {Signals.SignalFormat.Duration(EvidenceTimeout)}; rolling back without them");
            }
        }, ct);

    private async Task EscalateAsync(Incident incident, string why, CancellationToken ct)
    {
        // A drill's failed check is a failed drill, not a production service waiting for a person; its report says so.
        incident.MoveTo(incident.Drill ? IncidentState.Failed : IncidentState.Escalated, Now, why);
        await SaveAsync(incident);
        if (!incident.Drill) await NotifyStepAsync(incident, "notify-escalation", Messages.Escalation(incident, why, Done(incident)), ct);
    }

    private async Task FailAsync(Incident incident, string why, CancellationToken ct)
    {
        incident.MoveTo(IncidentState.Failed, Now, why);
        await SaveAsync(incident);
        // A drill pages nobody: its report names the failed step once it has rolled forward.
        if (!incident.Drill) await NotifyStepAsync(incident, "notify-escalation", Messages.Escalation(incident, why, Done(incident)), ct);
    }

    private static string Done(Incident i) => string.Join("; ", i.Steps.OrderBy(s => s.StartedAt).Select(s => $"{s.Key} {s.Status.ToString().ToLowerInvariant()}"));

    /// <summary>Runs a notification as a journaled step: a restart re-sends only what was not sent.</summary>
    private Task NotifyStepAsync(Incident incident, string key, Notification n, CancellationToken ct) =>
        StepAsync(incident, key, async _ =>
        {
            var results = await notifier.SendAsync(incident.Drill ? DrillMessages.Mark(n) : n, ct);
            // Journaled as failed when no channel took it: an escalation that reached nobody must show.
            return new StepOutcome(notifier.Delivered(results), string.Join("; ", results));
        }, ct);

    /// <summary>
    /// A drill's way back: makes <paramref name="original"/> (what was live before the drill) live again through the
    /// primary provider, with the same retries and live checks as a rollback, then verifies it. Both are journaled steps,
    /// so a drill resumed after a restart does not roll forward twice.
    /// </summary>
    internal async Task<StepOutcome> RollForwardAsync(Incident incident, Deployment original, CancellationToken ct)
    {
        var back = await StepAsync(incident, DrillSteps.RollForward, async resumed => await IsLiveAsync(runbook.Provider, original, ct)
            ? StepOutcome.Success($"{original} is live; nothing to roll forward")
            : await RollBackAsync(runbook.Provider, original, resumed, ct), ct);
        return back.Ok ? await StepAsync(incident, DrillSteps.VerifyForward, _ => runbook.Verifier.VerifyAsync(original, ct), ct) : back;
    }

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
