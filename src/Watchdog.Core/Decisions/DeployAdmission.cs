using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Decisions;

/// <summary>What a deploy event taken from a platform's webhook came to.</summary>
public enum DeployOutcome
{
    /// <summary>On the timeline; a live one started the post-deploy watch.</summary>
    Taken,

    /// <summary>Taken, and people were told at once: it landed while deploys are frozen.</summary>
    Alerted,

    /// <summary>Acknowledged and ignored: a replay, or too old to be news.</summary>
    Refused,
}

public readonly record struct DeployTaken(DeployOutcome Outcome, string? Reason = null);

/// <summary>
/// Whether a deploy event may be believed, and whether it breaks a freeze. A captured, validly signed delivery sent
/// again must not put an old release back on the timeline or alarm people twice, and one older than the hook's
/// tolerance is a replay or a delivery retried long after the fact (the live check has seen the truth since).
/// </summary>
public static class DeployAdmission
{
    /// <param name="takenAt">When the same delivery was taken before; null for a first delivery.</param>
    /// <returns>Why it may not be taken, or null.</returns>
    public static string? Refusal(DeployEvent e, DateTimeOffset? takenAt, DateTimeOffset now, TimeSpan maxAge) => Refusal(e.At, takenAt, now, maxAge);

    /// <summary>The same for any pushed change that says when it happened (a flag service's change).</summary>
    /// <param name="at">When the sender says it happened.</param>
    public static string? Refusal(DateTimeOffset at, DateTimeOffset? takenAt, DateTimeOffset now, TimeSpan maxAge)
    {
        if (takenAt is { } before) return $"a repeat of the delivery taken at {before:yyyy-MM-ddTHH:mm:ssZ}";
        if (now - at > maxAge)
            return $"it happened at {at:yyyy-MM-ddTHH:mm:ssZ}, more than {Signals.SignalFormat.Duration(maxAge)} ago: a replay or a stale retry";
        return null;
    }

    /// <summary>
    /// Whether the event is the incident's own rollback going out (its target by id, or by release where the platform makes
    /// the rollback a new deployment): that deploy is the runbook's, not one the freeze forbids.
    /// </summary>
    public static bool IsOwnRollback(Incident incident, DeployEvent e) =>
        incident.TargetDeploymentId == e.DeploymentId
        || (incident.ToVersion is { } to && (to == e.DeploymentId || (e.Commit is { } commit && VerificationPolicy.SameVersion(commit, to))));
}
