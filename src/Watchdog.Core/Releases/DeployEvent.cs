using System.Globalization;

namespace Watchdog.Core.Releases;

/// <summary>Where a deployment is in its rollout, as the platform's webhook says.</summary>
public enum DeployState
{
    /// <summary>Created, queued, building or deploying: not serving yet.</summary>
    Started,

    /// <summary>Serving production traffic (Vercel <c>deployment.promoted</c>, GitHub <c>success</c>, Railway <c>SUCCESS</c>).</summary>
    Live,

    /// <summary>Failed, errored, crashed or cancelled before it served.</summary>
    Failed,
}

/// <summary>
/// A platform told Watchdog about a deployment of a watched service (API-NOTES §8): read from a verified webhook,
/// mapped to the service by the platform's identity of it. Nothing here is trusted beyond what the sender signed
/// (or, for Railway, what its API confirmed).
/// </summary>
/// <param name="Service">The watched service it is a deployment of.</param>
/// <param name="Platform">Who said so: <c>vercel</c>, <c>github</c>, <c>railway</c>.</param>
/// <param name="Key">What identifies this one delivery inside what the sender signed (Vercel's envelope id, GitHub's deployment status id), for replays.</param>
/// <param name="DeploymentId">The platform's id of the deployment.</param>
/// <param name="Commit">The git commit, when the event names it.</param>
/// <param name="At">When the platform says it happened.</param>
public sealed record DeployEvent(
    string Service,
    string Platform,
    string Key,
    string DeploymentId,
    DeployState State,
    string? Commit,
    DateTimeOffset At)
{
    /// <summary>The platform's own word for what happened (<c>deployment.promoted</c>, <c>success</c>, <c>Deployment.deployed</c>).</summary>
    public string? Said { get; init; }

    /// <summary>The journal's key for this delivery (ledger scope <c>deliveries</c>).</summary>
    public string DeliveryKey => $"{Service}/deploy:{Platform}:{Key}:{State}:{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"dpl_123 (abc1234) on vercel".</summary>
    public string Describe() =>
        DeploymentId + (Commit is { Length: > 0 } c ? $" ({(c.Length > 12 ? c[..12] : c)})" : "") + $" on {Platform}";

    /// <summary>What the timeline shows: "deployment started: …", "live: …", "deployment failed: …".</summary>
    public string TimelineText() => State switch
    {
        DeployState.Started => "deployment started: ",
        DeployState.Live => "live: ",
        _ => "deployment failed: ",
    } + Describe();
}
