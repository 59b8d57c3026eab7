namespace Watchdog.Core.Reports;

public enum NotificationKind
{
    /// <summary>A trip that Watchdog watches without acting (10% or less affected, or a dry run).</summary>
    Alert,
    ApprovalNeeded,
    RollbackInProgress,
    RollbackComplete,

    /// <summary>Post-rollback monitoring, every few minutes: still fine (seed 1 phase 7, seed 2 "progress updates").</summary>
    Progress,
    Escalation,
    Resolved,

    /// <summary>A source could not be asked for several ticks in a row: Watchdog cannot see, and says so.</summary>
    Blind,

    /// <summary>A source that had gone blind answers again.</summary>
    SeesAgain,

    /// <summary>A release that was rolled back (and quarantined) is live again.</summary>
    QuarantinedRedeployed,

    /// <summary>While a rollback runs (seed 001 "Progress Updates"): how far along, the current step, an ETA.</summary>
    RollbackProgress,

    /// <summary>A platform reports a deploy while deploys are frozen (an incident open, a drill under way): seed 000's "DO NOT deploy".</summary>
    DeployDuringFreeze,

    /// <summary>A rule with earned autonomy moved between asking and acting, with the record behind the move.</summary>
    AutonomyChanged,
}

public enum Severity
{
    Info,
    Warning,
    High,
    Critical,
}

/// <summary>A message for people, built once from the incident and rendered by each channel in its own format.</summary>
/// <param name="Lines">The body, one line each, in the seeds' template order; <c>Text</c> joins them.</param>
/// <param name="Facts">The why, as label/value pairs: rule, measured, threshold, window, versions, durations.</param>
public sealed record Notification(
    NotificationKind Kind,
    Severity Severity,
    string Service,
    string IncidentId,
    string Title,
    IReadOnlyList<string> Lines,
    IReadOnlyList<KeyValuePair<string, string>> Facts)
{
    public string Text => Title + "\n\n" + string.Join('\n', Lines);

    /// <summary>Where a person can act or read more: the incident page, approve and veto links. Channels render them as buttons or links.</summary>
    public IReadOnlyList<NotificationLink> Links { get; init; } = [];

    /// <summary>
    /// The user-facing text for a public status page or customer notice (seed 1's status-page texts):
    /// no versions, rules or internals. Null when this event is not for the public.
    /// </summary>
    public string? Public { get; init; }

    /// <summary>A rehearsal (scheduled drill), not an emergency; channels mark it so nobody is woken for it.</summary>
    public bool Drill { get; init; }
}

/// <param name="Label">What the link does, e.g. "Approve rollback".</param>
public sealed record NotificationLink(string Label, Uri Url);
