using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>Which rule chose a rollback's target, said in the journal and the announcement.</summary>
public enum TargetBasis
{
    /// <summary>The newest earlier release Watchdog itself saw live and healthy for MinHealthyFor (its journal).</summary>
    SeenHealthy,

    /// <summary>
    /// Watchdog has no such record: the newest earlier deployment the platform's own record says served production
    /// before and was replaced (<see cref="Deployment.LiveRecord"/>).
    /// </summary>
    PlatformRecord,

    /// <summary>Neither record names one: the newest earlier deployment the platform says succeeded.</summary>
    OlderSucceeded,

    /// <summary>A person named it, and it passed the same checks as any target.</summary>
    Requested,
}

public sealed record TargetChoice(Deployment Target, TargetBasis Basis)
{
    public string Describe(TimeSpan minHealthyFor) => Basis switch
    {
        TargetBasis.SeenHealthy => $"{Target.Version} was seen live and healthy for at least {Signals.SignalFormat.Duration(minHealthyFor)} (Watchdog's journal)",
        TargetBasis.PlatformRecord => $"{Target.Version} was live in production before, by {Target.LiveRecord}; Watchdog has no earlier release on record as healthy for {Signals.SignalFormat.Duration(minHealthyFor)}",
        TargetBasis.Requested => $"{Target.Version} was asked for by a person",
        _ => $"{Target.Version} is the newest earlier deployment that succeeded (no earlier release on record as healthy for {Signals.SignalFormat.Duration(minHealthyFor)})",
    };
}

public static class RollbackTarget
{
    /// <summary>
    /// The newest eligible deployment Watchdog saw healthy, else the newest eligible one the platform's own record
    /// says was live before, else the newest eligible one (eligible: see <see cref="Choose(IReadOnlyList{Deployment}, Deployment?, IReadOnlySet{string}?)"/>; every rung).
    /// </summary>
    /// <param name="knownGood">Ids of the deployments on record as live and healthy for MinHealthyFor.</param>
    /// <param name="requested">A person's choice (id or version): the target when it is eligible, and nothing else is chosen instead.</param>
    public static TargetChoice? Choose(IReadOnlyList<Deployment> newestFirst, Deployment? live, IReadOnlySet<string>? quarantined, IReadOnlySet<string> knownGood, string? requested = null)
    {
        var eligible = Eligible(newestFirst, live, quarantined).ToList();
        if (requested is not null)
            return eligible.FirstOrDefault(d => d.Id == requested || d.Version == requested) is { } asked ? new(asked, TargetBasis.Requested) : null;
        if (eligible.FirstOrDefault(d => knownGood.Contains(d.Id)) is { } seen) return new(seen, TargetBasis.SeenHealthy);
        if (eligible.FirstOrDefault(d => d.WasLive) is { } recorded) return new(recorded, TargetBasis.PlatformRecord);
        return eligible.Count > 0 ? new(eligible[0], TargetBasis.OlderSucceeded) : null;
    }

    /// <summary>
    /// The newest deployment older than the live one that can be rolled back to, succeeded, is of another release,
    /// and is not quarantined (by id or version); null when there is none, or when the live one is unknown: without
    /// it, "the newest" is most likely the bad deployment itself.
    /// </summary>
    /// <param name="newestFirst">The provider's list, newest first.</param>
    public static Deployment? Choose(IReadOnlyList<Deployment> newestFirst, Deployment? live, IReadOnlySet<string>? quarantined = null) =>
        Eligible(newestFirst, live, quarantined).FirstOrDefault();

    private static IEnumerable<Deployment> Eligible(IReadOnlyList<Deployment> newestFirst, Deployment? live, IReadOnlySet<string>? quarantined)
    {
        if (live is null) yield break;
        var seenLive = !newestFirst.Any(d => d.Id == live.Id);
        foreach (var d in newestFirst)
        {
            if (d.Id == live.Id) { seenLive = true; continue; }
            if (!seenLive) continue;
            if (live.CreatedAt is { } liveAt && d.CreatedAt is { } at && at > liveAt) continue;
            // An earlier deployment of the live release (a redeploy, maintenance mode's restart) is the same bad code.
            if (string.Equals(d.Version, live.Version, StringComparison.Ordinal)) continue;
            if (d.CanRollback && d.Succeeded && quarantined?.Contains(d.Id) != true && quarantined?.Contains(d.Version) != true)
                yield return d;
        }
    }
}
