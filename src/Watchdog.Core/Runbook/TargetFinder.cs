using Watchdog.Core.Ports;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>A rollback's target found ahead of need: what was live when the live check listed the deployments, and the choice among them.</summary>
public sealed record TargetPlan(Deployment Live, TargetChoice Choice, DateTimeOffset At);

/// <summary>The one way a target is chosen, whether the runbook asks now or the live check asks ahead of it.</summary>
public static class TargetFinder
{
    /// <summary>The target among what <paramref name="provider"/> lists, or why none can be (a listing failed, the asked-for one refused).</summary>
    /// <param name="key">Where the part's quarantine is kept.</param>
    public static async Task<(TargetChoice? Choice, StepOutcome? Refused)> ChooseAsync(
        IDeploymentProvider provider, Deployment? live, string? asked, ReleaseWatch? watch, IIncidentStore store, string key, CancellationToken ct)
    {
        var listed = await provider.ListAsync(ct);
        if (!listed.Ok) return (null, StepOutcome.Failure($"{provider.Name} could not list deployments: {listed.Error}"));
        var deployments = listed.Value ?? [];
        var knownGood = watch is null ? new HashSet<string>() : await watch.KnownGoodAsync(deployments, ct);
        var choice = RollbackTarget.Choose(deployments, live, await store.QuarantinedAsync(key, ct), knownGood, asked);
        if (choice is null && asked is not null)
            return (null, StepOutcome.Failure($"{asked} cannot be the target: it must be an earlier deployment of another release than the live {live?.Version ?? "one"}, " +
                "that succeeded, can be rolled back to and is not quarantined"));
        return (choice, null);
    }
}
