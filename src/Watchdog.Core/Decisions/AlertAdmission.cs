using System.Globalization;

namespace Watchdog.Core.Decisions;

public enum RaiseOutcome
{
    /// <summary>Taken: it fires (or withdraws) like a rule.</summary>
    Taken,

    /// <summary>Kept until the drill of its service ends, then taken.</summary>
    HeldForDrill,

    /// <summary>Never taken: a replay, too old, or about a release that is not live.</summary>
    Refused,

    /// <summary>Passed through the journal to the instance that holds the service, which admits and takes it.</summary>
    Passed,
}

public readonly record struct Raised(RaiseOutcome Outcome, string? Reason = null);

/// <summary>
/// Whether a pushed alert may act. A captured, validly signed webhook sent again must not roll a good release back:
/// a delivery Watchdog already took is a repeat (harmless only while the alert it raised is still held), a firing
/// alert that started longer ago than the hook's tolerance is stale, and one about a release other than the live one
/// is not about what a rollback would change.
/// </summary>
public static class AlertAdmission
{
    public const string LedgerScope = "deliveries";

    /// <summary>What identifies one delivery across resends: the alert, its state and when it started (all signed or authenticated).</summary>
    public static string DeliveryKey(PushedAlert a) =>
        $"{a.Service}/{a.Source}:{a.Key}:{a.Status}:{a.StartsAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

    /// <param name="takenAt">When the same delivery was taken before; null for a first delivery.</param>
    /// <param name="held">Whether the alert is raised now: a resend of it only keeps it alive.</param>
    /// <param name="maxAge">How old a firing alert may have started; null checks no age (Alertmanager resends old alerts on purpose).</param>
    /// <returns>Why it may not act, or null.</returns>
    public static string? Refusal(PushedAlert alert, DateTimeOffset? takenAt, bool held, string? liveVersion, DateTimeOffset now, TimeSpan? maxAge)
    {
        if (alert.Status == AlertStatus.Resolved) return null; // withdrawing can never act
        if (held) return null;
        if (takenAt is { } before)
            return $"a repeat of the delivery taken at {before:yyyy-MM-ddTHH:mm:ssZ}, and the alert it raised is no longer held";
        if (maxAge is { } limit && now - alert.StartsAt > limit)
            return $"it started at {alert.StartsAt:yyyy-MM-ddTHH:mm:ssZ}, more than {Signals.SignalFormat.Duration(limit)} ago: a replay or a stale resend";
        if (alert.Release is { } release && liveVersion is { } live && !VerificationPolicy.SameVersion(release, live))
            return $"it is about release {release}, but {live} is live";
        return null;
    }
}

/// <summary>An alert a system pushed (not a person): <paramref name="MaxAge"/> is how old a firing one may have started, null for no limit.</summary>
public sealed record Pushed(TimeSpan? MaxAge);
