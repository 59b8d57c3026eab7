using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

public sealed partial class RunbookExecutor
{
    /// <summary>A part's suspect step says this when its live release is the one of the service's last stable moment.</summary>
    private const string Unchanged = "unchanged";

    /// <summary>The journal key of the step naming what each part came to.</summary>
    public const string PartsStep = "parts";

    /// <summary>
    /// A service of several parts: each part whose live release changed since the service was last stable (a suspect)
    /// is rolled back on its own platform, in the service's order, as its own journaled steps; the others are left as
    /// they are. True when every suspect was rolled back; otherwise the incident has ended — escalated with each part's
    /// state when some went back and some did not, failed when none did.
    /// </summary>
    private async Task<bool> RollBackPartsAsync(Incident incident, Decision decision, ComponentWatch parts, CancellationToken ct)
    {
        var states = new List<string>();
        var (rolled, failed) = (0, 0);
        foreach (var c in parts.Components)
        {
            var primary = c == runbook.Components[0];
            var look = await ReadStepAsync(incident, "suspect@" + c.Name, () => SuspectAsync(c, parts, ct), ct);
            if (!look.Ok)
            {
                failed++;
                states.Add($"{c.Name}: not rolled back, {FirstLine(look.Detail)}");
                continue;
            }

            if (look.Detail.StartsWith(Unchanged, StringComparison.Ordinal))
            {
                states.Add($"{c.Name}: left as it is, {look.Detail.Split('\n')[0]}");
                // Verification then expects what is live: this part did not move.
                if (primary) (incident.ToVersion, incident.TargetDeploymentId) = (incident.FromVersion, null);
                continue;
            }

            var outcome = primary ? await RollBackThroughChainAsync(incident, decision, ct) : await RollBackPartChainAsync(incident, decision, c, parts, ct);
            if (outcome.Ok) rolled++;
            else failed++;
            var (from, to) = primary ? (incident.FromVersion, incident.ToVersion) : (StepFacts.Get(look.Detail, "live-version"), StepFacts.Get(StepOf(incident, "identify@" + c.Name)?.Output, "target-version"));
            states.Add(outcome.Ok ? $"{c.Name}: rolled back from {from ?? "?"} to {to ?? "?"}" : $"{c.Name}: rollback FAILED, {FirstLine(outcome.Detail)}");
        }

        var summary = string.Join("; ", states);
        await StepAsync(incident, PartsStep, _ => Task.FromResult(StepOutcome.Success(summary)), ct);
        if (failed == 0 && rolled > 0) return true;
        if (failed == 0)
            await EscalateAsync(incident, $"no part's live release changed since the service was last stable, so a rollback would not undo this ({summary})", "nothing rolled back", ct);
        else if (rolled == 0) await FailAsync(incident, $"rollback failed: {summary}", ct);
        else await EscalateAsync(incident, $"partial rollback: {summary}", summary, ct);
        return false;
    }

    /// <summary>Whether the part's live release is another than the one live when the service was last stable.</summary>
    private static async Task<StepOutcome> SuspectAsync(ServiceComponent c, ComponentWatch parts, CancellationToken ct)
    {
        var looked = await c.Provider.GetLiveAsync(ct);
        if (!looked.Ok) return StepOutcome.Failure($"{c.Provider.Name} could not say what is live: {looked.Error}");
        if (looked.Value is not { } live) return StepOutcome.Failure($"{c.Provider.Name} names no live deployment");
        var facts = $"\nlive-id: {live.Id}\nlive-version: {live.Version}";
        return await parts.StableAsync(c, ct) switch
        {
            null => StepOutcome.Success($"suspect: {live} is live, and Watchdog has not seen this part stable yet{facts}"),
            var s when s.Id == live.Id || Decisions.VerificationPolicy.SameVersion(s.Version, live.Version) =>
                StepOutcome.Success($"{Unchanged}: {live} was live when the service was last stable{facts}"),
            var s => StepOutcome.Success($"suspect: {live} is live; {s} was when the service was last stable{facts}"),
        };
    }

    private Task<StepOutcome> RollBackPartChainAsync(Incident incident, Decision decision, ServiceComponent c, ComponentWatch parts, CancellationToken ct) =>
        RollBackChainAsync(incident, new RollbackPart("@" + c.Name, [c.Provider, .. c.Fallbacks],
            (provider, key) => IdentifyPartAsync(incident, decision, c, provider, key, parts, ct),
            () => QuarantinePartAsync(incident, c, parts, ct)), ct);

    /// <summary>A part's target, journaled in its identify step (the incident's own fields are the primary's): a resumed runbook aims where it did.</summary>
    private async Task<Deployment?> IdentifyPartAsync(Incident incident, Decision decision, ServiceComponent c, IDeploymentProvider provider, string key, ComponentWatch parts, CancellationToken ct)
    {
        var outcome = await ReadStepAsync(incident, key, async () =>
        {
            var looked = await provider.GetLiveAsync(ct);
            if (!looked.Ok) return StepOutcome.Failure($"{provider.Name} could not say what is live: {looked.Error}");
            var live = looked.Value;
            // A person's named target is a deployment of the primary: the other parts choose as Watchdog would.
            var (choice, refused) = await ChooseTargetAsync(provider, live, null, parts.ReleaseOf(c), parts.KeyOf(c), ct);
            if (refused is { } no) return no;
            return choice is null
                ? StepOutcome.Failure($"no earlier deployment of {c.Name} to roll back to (live: {live?.ToString() ?? "unknown"})")
                : StepOutcome.Success($"live: {live?.ToString() ?? "unknown"}; target: {choice.Target}, chosen because {choice.Describe(Settings.MinHealthyFor)}" +
                    $"\ntarget-id: {choice.Target.Id}\ntarget-version: {choice.Target.Version}");
        }, ct);
        return outcome.Ok && StepFacts.Get(outcome.Detail, "target-id") is { } id && StepFacts.Get(outcome.Detail, "target-version") is { } version
            ? new Deployment(id, version)
            : null;
    }

    private Task QuarantinePartAsync(Incident incident, ServiceComponent c, ComponentWatch parts, CancellationToken ct) =>
        StepAsync(incident, "quarantine@" + c.Name, async _ =>
        {
            var suspect = StepOf(incident, "suspect@" + c.Name)?.Output;
            if (StepFacts.Get(suspect, "live-version") is not { } bad) return StepOutcome.Failure($"the bad release of {c.Name} is unknown; nothing quarantined");
            await store.QuarantineAsync(parts.KeyOf(c), bad, StepFacts.Get(suspect, "live-id"), incident.Id, Now, ct);
            return StepOutcome.Success($"{c.Name} {bad} quarantined: never a rollback target again, and an alert if it is deployed again");
        }, ct);
}
