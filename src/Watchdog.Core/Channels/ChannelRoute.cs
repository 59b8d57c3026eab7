using Watchdog.Core.Reports;
namespace Watchdog.Core.Channels;

/// <summary>
/// Which messages one channel gets: by event and severity, drills or not. Whatever the route, a channel that
/// was told of an incident is told when it resolves, so nobody is left with an alert that never ends.
/// </summary>
/// <param name="Events">The kinds this channel gets; null for all.</param>
public sealed record ChannelRoute(IReadOnlySet<NotificationKind>? Events = null, Severity MinSeverity = Severity.Info, bool Drills = true)
{
    public static ChannelRoute All { get; } = new();

    /// <summary>
    /// Pagers: what needs a person now; never a drill. The resolutions that close those pages follow by the
    /// fan-out's rule (told of it, told of its end), so a pager never hears of the end of something it never paged.
    /// </summary>
    public static ChannelRoute Pager { get; } = new(new HashSet<NotificationKind>
    {
        NotificationKind.ApprovalNeeded, NotificationKind.Escalation, NotificationKind.QuarantinedRedeployed, NotificationKind.Blind,
        NotificationKind.DeployDuringFreeze,
    }, Drills: false);

    public bool Takes(Notification n) =>
        (Events is null || Events.Contains(n.Kind)) && n.Severity >= MinSeverity && (Drills || !n.Drill);

    /// <summary>The messages that end what an earlier one started: these follow an alert whatever the route says.</summary>
    public static bool IsEnding(NotificationKind kind) => kind is NotificationKind.Resolved or NotificationKind.SeesAgain;
}

/// <summary>A channel and its route.</summary>
public sealed record Channel(Ports.INotifier Notifier, ChannelRoute Route);
