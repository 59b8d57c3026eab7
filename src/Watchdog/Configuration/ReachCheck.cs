using Microsoft.Extensions.Configuration;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary>
/// Whether anyone hears of what a mode does. Approve mode with no channel that reaches the team waits for an
/// approval nobody is asked for: an error. Auto mode with no channel at all acts in silence: a warning.
/// </summary>
internal static class ReachCheck
{
    public static void Check(ConfigReader r, IConfigurationSection root, NotificationsReader.Result notifications,
        IReadOnlyList<(IConfigurationSection Section, ServiceSettings Service)> services)
    {
        var asks = notifications.Kinds.Where(k => k.Module.ReachesPeople)
            .SelectMany(k => k.Channels)
            .Any(c => notifications.Settings.RouteOf(c.Channel.Name).Takes(Approval));
        var anyChannel = notifications.Settings.Channels.Count > 0;

        // One message per key that set the mode: the global Mode once, a service's own Mode for that service.
        var byKey = services.GroupBy(s => s.Section.GetSection("Mode").Value is null ? (root, "Mode") : (s.Section, "Mode"));
        foreach (var group in byKey)
        {
            var (section, key) = group.Key;
            var mode = group.First().Service.Runbook.Mode;
            if (mode == Mode.Approve && !asks)
                r.Error(section, key, "Approve waits for a person, but no channel reaches one: configure Notifications:Slack, Teams, PagerDuty " +
                    "or Webhooks, with ApprovalNeeded among its Events (Statuspage is public and takes no approvals)");
            else if (mode == Mode.Auto && !anyChannel)
                r.Warn(section, key, "Auto rolls back without asking, and no notification channel is configured: nobody will hear that it did");
        }
    }

    /// <summary>What an approval request looks like to a route: high severity, never a drill.</summary>
    private static readonly Notification Approval = new(NotificationKind.ApprovalNeeded, Severity.High, "", "", "", [], []);
}
