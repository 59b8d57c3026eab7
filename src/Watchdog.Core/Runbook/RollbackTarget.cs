using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

public static class RollbackTarget
{
    /// <summary>
    /// The newest deployment older than the live one that can be rolled back to, succeeded, is of another release,
    /// and is not quarantined (by id or version); null when there is none, or when the live one is unknown: without
    /// it, "the newest" is most likely the bad deployment itself.
    /// </summary>
    /// <param name="newestFirst">The provider's list, newest first.</param>
    public static Deployment? Choose(IReadOnlyList<Deployment> newestFirst, Deployment? live, IReadOnlySet<string>? quarantined = null)
    {
        if (live is null) return null;
        var seenLive = !newestFirst.Any(d => d.Id == live.Id);
        foreach (var d in newestFirst)
        {
            if (d.Id == live.Id) { seenLive = true; continue; }
            if (!seenLive) continue;
            if (live.CreatedAt is { } liveAt && d.CreatedAt is { } at && at > liveAt) continue;
            // An earlier deployment of the live release (a redeploy, maintenance mode's restart) is the same bad code.
            if (string.Equals(d.Version, live.Version, StringComparison.Ordinal)) continue;
            if (d.CanRollback && d.Succeeded && quarantined?.Contains(d.Id) != true && quarantined?.Contains(d.Version) != true)
                return d;
        }

        return null;
    }
}
