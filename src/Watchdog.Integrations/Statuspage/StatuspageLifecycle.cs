using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Statuspage;

/// <summary>Where each Watchdog notification puts the page's incident (API-NOTES §6.4: realtime incident statuses).</summary>
internal static class StatuspageLifecycle
{
    public const string Investigating = "investigating";
    public const string Identified = "identified";
    public const string Monitoring = "monitoring";
    public const string Resolved = "resolved";

    /// <summary>
    /// The status a notification sets. Trouble seen (an alert, an approval asked, an escalation, a blind or
    /// quarantine warning) is <c>investigating</c>; a rollback under way is the cause <c>identified</c>; a rollback
    /// done and the watch after it are <c>monitoring</c>; resolved, or sight regained, closes it.
    /// </summary>
    public static string StatusFor(NotificationKind kind) => kind switch
    {
        NotificationKind.RollbackInProgress or NotificationKind.RollbackProgress => Identified,
        NotificationKind.RollbackComplete or NotificationKind.Progress => Monitoring,
        NotificationKind.Resolved or NotificationKind.SeesAgain => Resolved,
        _ => Investigating,
    };

    /// <summary>
    /// Whether a notification may open a page incident when there is none: only news of trouble does. A
    /// "monitoring" or "resolved" for an incident the public never saw announces nothing worth a new one.
    /// </summary>
    public static bool Opens(string status) => status is Investigating or Identified;
}
