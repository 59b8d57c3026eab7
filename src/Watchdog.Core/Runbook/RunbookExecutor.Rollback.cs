using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

public sealed partial class RunbookExecutor
{
    /// <summary>The service as one part: the primary provider and its fallbacks, its target on the incident itself.</summary>
    private Task<StepOutcome> RollBackThroughChainAsync(Incident incident, Decision decision, CancellationToken ct) =>
        RollBackChainAsync(incident, new RollbackPart("", [runbook.Provider, .. runbook.Fallbacks],
            (provider, key) => key == "identify" && StepOf(incident, key) is { Status: StepStatus.Succeeded } && incident.TargetDeploymentId is not null
                ? Task.FromResult<Deployment?>(new Deployment(incident.TargetDeploymentId, incident.ToVersion!))
                : IdentifyAsync(incident, decision, provider, key, failIfNone: false, ct),
            () => QuarantineAsync(incident, ct)), ct);

    /// <summary>One part to roll back: its providers in order, its step keys' suffix, where its target comes from, what is quarantined after.</summary>
    private sealed record RollbackPart(string Suffix, IReadOnlyList<IDeploymentProvider> Chain, Func<IDeploymentProvider, string, Task<Deployment?>> Identify, Func<Task> Quarantine);

    /// <summary>
    /// The fallback chain: each provider in turn finds its own target and rolls back to it, until one
    /// succeeds. The journal keys each provider's steps apart, so a resumed runbook knows which
    /// provider it was on and never repeats one that finished.
    /// </summary>
    private async Task<StepOutcome> RollBackChainAsync(Incident incident, RollbackPart part, CancellationToken ct)
    {
        var failures = new List<(string Provider, string Why)>();
        for (var i = 0; i < part.Chain.Count; i++)
        {
            var provider = part.Chain[i];
            var suffix = part.Suffix + (i == 0 ? "" : ":" + provider.Name);
            var target = await part.Identify(provider, "identify" + suffix);
            if (target is null)
            {
                failures.Add((provider.Name, FirstLine(StepOf(incident, "identify" + suffix)?.Output ?? "no target")));
                continue;
            }

            await RecordPinAsync(incident, provider, suffix, ct);
            var outcome = await StepAsync(incident, Incident.RollbackStep + suffix, resumed => RollBackAsync(provider, target, resumed, ct, announce: incident), ct);
            if (outcome.Ok)
            {
                // A drill rolls back from a good release on purpose: it is not bad, and comes back when the drill rolls forward.
                if (!incident.Drill) await part.Quarantine();
                return outcome;
            }

            failures.Add((provider.Name, FirstLine(outcome.Detail)));
        }

        return StepOutcome.Failure(part.Chain.Count == 1
            ? $"{part.Chain[0].Name} rollback failed: {failures[0].Why}"
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

    /// <summary>
    /// Finds what is live and what to roll back to; read-only, so a dry run may call it too. The primary's answer is the
    /// live check's when it found one recently for the release still live: the rollback does not wait for the platform.
    /// </summary>
    private async Task<Deployment?> IdentifyAsync(Incident incident, Decision decision, IDeploymentProvider provider, string key, bool failIfNone, CancellationToken ct)
    {
        var outcome = await ReadStepAsync(incident, key, async () =>
        {
            if (provider == runbook.Provider && decision.Action == RunbookAction.Rollback && decision.Target is null && releases is not null
                && await releases.PlannedAsync(ct) is { } plan)
            {
                (incident.FromVersion, incident.TargetDeploymentId) = (plan.Live.Version, plan.Choice.Target.Id);
                (incident.ToVersion, incident.TargetBasis) = (plan.Choice.Target.Version, plan.Choice.Describe(Settings.MinHealthyFor));
                return StepOutcome.Success($"live: {plan.Live}; target: {plan.Choice.Target}, chosen because {incident.TargetBasis} (found by the live check at {plan.At:HH:mm:ss}Z)");
            }

            var looked = await provider.GetLiveAsync(ct);
            if (!looked.Ok) return StepOutcome.Failure($"{provider.Name} could not say what is live: {looked.Error}");
            var live = looked.Value;
            incident.FromVersion = live?.Version;
            incident.TargetDeploymentId = live?.Id;
            if (decision.Action == RunbookAction.DisableFlag)
            {
                incident.ToVersion = live?.Version;
                return live is null ? StepOutcome.Failure("the provider names no live deployment") : StepOutcome.Success($"live: {live}");
            }

            var (choice, refused) = await ChooseTargetAsync(provider, live, decision.Target, releases, runbook.Service, ct);
            if (refused is { } no) return no;
            incident.ToVersion = choice?.Target.Version;
            incident.TargetDeploymentId = choice?.Target.Id;
            incident.TargetBasis = choice?.Describe(Settings.MinHealthyFor);
            return choice is null
                ? StepOutcome.Failure($"no earlier deployment to roll back to (live: {live?.ToString() ?? "unknown"})")
                : StepOutcome.Success($"live: {live?.ToString() ?? "unknown"}; target: {choice.Target}, chosen because {incident.TargetBasis}");
        }, ct);

        if (!outcome.Ok)
        {
            if (failIfNone) await FailAsync(incident, outcome.Detail, ct);
            return null;
        }

        // Rebuilt from the journal, so a resumed runbook aims at the deployment it chose before.
        return new Deployment(incident.TargetDeploymentId ?? incident.ToVersion!, incident.ToVersion!);
    }

    private Task<(TargetChoice? Choice, StepOutcome? Refused)> ChooseTargetAsync(
        IDeploymentProvider provider, Deployment? live, string? asked, ReleaseWatch? watch, string key, CancellationToken ct) =>
        TargetFinder.ChooseAsync(provider, live, asked, watch, store, key, ct);

    /// <summary>
    /// Asks one provider to roll back, up to <see cref="RunbookSettings.RollbackAttempts"/> times.
    /// Before asking again — after a refusal, or after a restart cut the last request short — it
    /// looks at what is live: a rollback that went through is never requested twice.
    /// </summary>
    /// <param name="request">How to ask: the provider's rollback unless given (a drill's promote).</param>
    /// <param name="announce">The incident to send progress updates for while waiting; null sends none.</param>
    private async Task<StepOutcome> RollBackAsync(IDeploymentProvider provider, Deployment target, bool resumed, CancellationToken ct,
        Func<Deployment, CancellationToken, Task<StepOutcome>>? request = null, Incident? announce = null)
    {
        request ??= provider.RollbackAsync;
        if (resumed)
        {
            // The process died while the rollback was under way: it may still be rolling out. Wait for it before asking again.
            if (announce is not null) await SettleAlongsideAsync(announce, ct);
            var live = await WaitUntilLiveAsync(provider, target, announce, ct);
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

            var requested = await request(target, ct);
            // Asked: what ran beside the request is joined now, before the wait for the target.
            if (announce is not null) await SettleAlongsideAsync(announce, ct);

            if (requested.Ok)
            {
                var wait = await WaitUntilLiveAsync(provider, target, announce, ct);
                var detail = string.Join("\n", [.. refusals, requested.Detail, wait.Detail]);
                return wait.Ok ? StepOutcome.Success(detail) : StepOutcome.Failure(detail);
            }

            refusals.Add($"attempt {attempt}: {FirstLine(requested.Detail)}");
        }

        return StepOutcome.Failure($"refused {attempts} times: {string.Join("; ", refusals)}");
    }

    private static async Task<bool> IsLiveAsync(IDeploymentProvider provider, Deployment target, CancellationToken ct) =>
        IsTarget((await provider.GetLiveAsync(ct)).Value, target);

    /// <summary>
    /// The target's release is live: the same deployment, or a new one of the same release. A platform may make a
    /// rollback a new deployment (Railway's <c>deploymentRollback</c> answers only true), so the id is never assumed.
    /// A target is always another release than the bad one, so its version alone tells.
    /// </summary>
    private static bool IsTarget(Deployment? live, Deployment target) =>
        live is not null && (live.Id == target.Id || Decisions.VerificationPolicy.SameVersion(live.Version, target.Version));

    private async Task<StepOutcome> WaitUntilLiveAsync(IDeploymentProvider provider, Deployment target, Incident? announce, CancellationToken ct)
    {
        var started = Now;
        Deployment? live = null;
        var progress = announce is null ? null : await RollbackProgress.StartAsync(announce, restoreTimes, Settings.RollbackTimeout, ct);
        while (true)
        {
            // A failed look is not a failed rollback: keep looking until the deadline.
            if (await provider.GetLiveAsync(ct) is { Ok: true } looked)
            {
                live = looked.Value;
                if (IsTarget(live, target))
                    return StepOutcome.Success(live!.Id == target.Id
                        ? $"{target} live after {Signals.SignalFormat.Duration(Now - started)}"
                        : $"{target.Version} live after {Signals.SignalFormat.Duration(Now - started)}, as a new deployment {live.Id}");
            }

            if (Now - started >= Settings.RollbackTimeout)
                return StepOutcome.Failure($"{target} not live after {Signals.SignalFormat.Duration(Settings.RollbackTimeout)} (live: {live?.ToString() ?? "unknown"})");
            if (progress is not null)
                await SendProgressAsync(announce!, progress, $"rollback requested; waiting for {provider.Name} to make {target} live (live now: {live?.ToString() ?? "unknown"})", ct);
            await Task.Delay(Settings.LivePollInterval, time, ct);
        }
    }

    /// <summary>Seed 001's progress update, when one is due; <paramref name="step"/> is what the rollback is doing now.</summary>
    private async Task SendProgressAsync(Incident incident, RollbackProgress progress, string step, CancellationToken ct)
    {
        if (progress.Due(Now) is { } mark) await NotifyStepAsync(incident, $"{RollbackProgress.Step}:{mark}", progress.Message(Now, step), ct);
    }

    /// <summary>Between the steps after the target is live (stabilize, verify): an update only against a measured ETA.</summary>
    private async Task ProgressAfterLiveAsync(Incident incident, string step, CancellationToken ct)
    {
        if (incident.Decision?.Action != RunbookAction.Rollback || restoreTimes is null) return;
        await SendProgressAsync(incident, await RollbackProgress.StartAsync(incident, restoreTimes, waitsUpTo: null, ct), step, ct);
    }

    /// <summary>
    /// A drill's way back: makes <paramref name="original"/> (what was live before the drill) live again through the
    /// primary provider, with the same retries and live checks as a rollback, then verifies it. Both are journaled steps,
    /// so a drill resumed after a restart does not roll forward twice.
    /// </summary>
    internal async Task<StepOutcome> RollForwardAsync(Incident incident, Deployment original, CancellationToken ct)
    {
        // A platform that pins production on rollback is rolled forward the way it documents: a promote, which ends the pin.
        var pin = runbook.Provider as IPinnedProduction;
        var back = await StepAsync(incident, DrillSteps.RollForward, async resumed => await IsLiveAsync(runbook.Provider, original, ct)
            ? StepOutcome.Success($"{original} is live; nothing to roll forward")
            : await RollBackAsync(runbook.Provider, original, resumed, ct, pin is null ? null : pin.PromoteAsync), ct);
        if (back.Ok && pin is not null) back = await RestoreAutoAssignAsync(incident, pin, ct);
        return back.Ok ? await StepAsync(incident, DrillSteps.VerifyForward, _ => runbook.Verifier.VerifyAsync(original, ct), ct) : back;
    }
}
