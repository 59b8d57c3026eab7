namespace Watchdog.Core.Reports;

/// <summary>
/// Which messages one channel gets: by event and severity, drills or not. Whatever the route, a channel that
/// was told of an incident is told when it resolves, so nobody is left with an alert that never ends.
/// </summary>
/// <param name="Events">The kinds this channel gets; null for all.</param>
public sealed record ChannelRoute(IReadOnlySet<NotificationKind>? Events = null, Severity MinSeverity = Severity.Info, bool Drills = true)
{
    public static ChannelRoute All { get; } = new();

    /// <summary>Pagers: what needs a person now, and the resolutions that close those pages; never a drill.</summary>
    public static ChannelRoute Pager { get; } = new(new HashSet<NotificationKind>
    {
        NotificationKind.ApprovalNeeded, NotificationKind.Escalation, NotificationKind.QuarantinedRedeployed,
        NotificationKind.Blind, NotificationKind.SeesAgain, NotificationKind.Resolved,
    }, Drills: false);

    public bool Takes(Notification n) =>
        (Events is null || Events.Contains(n.Kind)) && (n.Severity >= MinSeverity || IsEnding(n.Kind)) && (Drills || !n.Drill);

    /// <summary>The messages that end what an earlier one started: these follow an alert whatever the route says.</summary>
    public static bool IsEnding(NotificationKind kind) => kind is NotificationKind.Resolved or NotificationKind.SeesAgain;
}

/// <summary>A channel and its route.</summary>
public sealed record Channel(Ports.INotifier Notifier, ChannelRoute Route);
