using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Railway;

/// <summary>
/// What Railway's statuses (API-NOTES.md §2.2 <c>enum DeploymentStatus</c> and the instance statuses) mean for
/// the runbook: which deployments once ran well enough to return to, and which one serves traffic now.
/// </summary>
internal static class RailwayStatus
{
    /// <summary>
    /// Statuses of a deployment that finished its rollout and ran: <c>SUCCESS</c>; <c>REMOVED</c> and
    /// <c>REMOVING</c>, which Railway gives a successful deployment once a newer one replaces it (the very
    /// deployments a rollback returns to: §2.3's flow lists SUCCESS and REMOVED); and <c>SLEEPING</c>, a
    /// healthy service scaled to zero. <c>CRASHED</c> ran but did not stay up; <c>FAILED</c> and
    /// <c>SKIPPED</c> never ran; the rest (<c>BUILDING</c>, <c>DEPLOYING</c>, <c>QUEUED</c>, …) have not
    /// finished yet. Unknown statuses count as not succeeded: a wrong "no" costs a candidate, a wrong "yes" an outage.
    /// </summary>
    private static readonly HashSet<string> Ran = new(StringComparer.Ordinal) { "SUCCESS", "REMOVED", "REMOVING", "SLEEPING" };

    /// <summary>Statuses a replaced deployment carries; its <c>statusUpdatedAt</c> is then when it stopped serving at the latest.</summary>
    private static readonly HashSet<string> Replaced = new(StringComparer.Ordinal) { "REMOVED", "REMOVING" };

    /// <summary>Deployments that took over the service and are not running now: the service is down on them.</summary>
    private static readonly HashSet<string> InPlaceNotRunning = new(StringComparer.Ordinal) { "CRASHED", "SLEEPING" };

    public static bool Succeeded(RailwayDeployment d, TimeSpan minHealthyFor) =>
        Ran.Contains(d.Status) && !TooShortLived(d, minHealthyFor);

    /// <summary>
    /// Whether the history shows <paramref name="d"/> cannot have served <paramref name="minHealthyFor"/>: it was
    /// replaced, and its status changed that soon after it was created (an upper bound on its time serving,
    /// since its build counts too). Without that history nothing is ruled out.
    /// </summary>
    public static bool TooShortLived(RailwayDeployment d, TimeSpan minHealthyFor) =>
        minHealthyFor > TimeSpan.Zero && Replaced.Contains(d.Status) && d.StatusUpdatedAt is { } changed && changed - d.CreatedAt < minHealthyFor;

    /// <summary>Serving traffic: rolled out (<c>SUCCESS</c>) and at least one instance <c>RUNNING</c>. A <c>DEPLOYING</c> one is not live yet.</summary>
    public static bool Serving(RailwayDeployment d) =>
        d.Status == "SUCCESS" && d.InstanceStatuses.Any(s => s == "RUNNING");

    /// <summary>
    /// The live deployment among what <c>serviceInstance</c> names: the serving one (when two serve during a
    /// handover, the one that became so last). When none serves, the crashed or sleeping deployment in place,
    /// so that a service that is down can still be rolled back from it; one still rolling out is never live.
    /// </summary>
    public static RailwayDeployment? Live(IReadOnlyList<RailwayDeployment> active, RailwayDeployment? latest)
    {
        var candidates = active.Append(latest).OfType<RailwayDeployment>().DistinctBy(d => d.Id).ToList();
        return Newest(candidates.Where(Serving)) ?? Newest(candidates.Where(d => InPlaceNotRunning.Contains(d.Status)));
    }

    private static RailwayDeployment? Newest(IEnumerable<RailwayDeployment> deployments) =>
        deployments.OrderByDescending(d => d.StatusUpdatedAt ?? d.CreatedAt).ThenByDescending(d => d.CreatedAt).FirstOrDefault();

    public static Deployment ToCore(RailwayDeployment d, TimeSpan minHealthyFor) =>
        new(d.Id, d.Version, d.CreatedAt, d.CanRollback, Succeeded(d, minHealthyFor), LiveRecord(d, minHealthyFor));

    /// <summary>
    /// Railway's own record that <paramref name="d"/> served and was replaced: the status Railway gives a successful
    /// deployment once a newer one takes over (<c>REMOVED</c>, <c>REMOVING</c> on the way), for as long as it counts
    /// as succeeded (not too short-lived). The schema (API-NOTES.md §2.2) has no other field that says so.
    /// </summary>
    private static string? LiveRecord(RailwayDeployment d, TimeSpan minHealthyFor) =>
        Replaced.Contains(d.Status) && Succeeded(d, minHealthyFor) ? $"Railway's own record (status {d.Status})" : null;
}
