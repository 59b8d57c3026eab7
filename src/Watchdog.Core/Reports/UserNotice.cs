using System.Text;
using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Reports;

/// <summary>
/// Seed 000 step 6.3: after significant downtime or data loss, a notice to the affected users. Watchdog drafts it from
/// what it knows (when, how long, that it is restored); what only people know (what users saw, what they must do) is
/// left as prompts, never guessed. Nothing here names versions, rules or numbers beyond the times.
/// </summary>
public static class UserNotice
{
    /// <summary>Whether the incident warrants a notice: the service was down, or data was at risk.</summary>
    public static bool Warranted(Incident i) => i.Trigger.Meaning is Rules.Meaning.ServiceDown or Rules.Meaning.DataAtRisk;

    /// <returns>The Markdown draft, or null when no notice is warranted.</returns>
    public static string? Draft(Incident i)
    {
        if (!Warranted(i)) return null;
        var end = i.RestoredAt ?? i.ClosedAt;
        var restored = i.RestoredAt is not null;
        var sb = new StringBuilder();
        sb.Append("Subject: ").Append(restored ? "Service Restored - Brief Outage" : "Service Disruption - We Are Working On It").Append("\n\n");
        sb.Append("Dear ").Append(i.Service).Append(" user,\n\n");
        sb.Append("We experienced a service disruption today from ").Append(i.ImpactStartedAt.ToString("HH:mm")).Append(" UTC")
          .Append(end is { } e ? $" to {e:HH:mm} UTC ({SignalFormat.Duration(e - i.ImpactStartedAt)})" : ", and are still working on it").Append(".\n\n");
        sb.Append("What happened:\n_A brief, non-technical explanation._\n\n");
        sb.Append("Impact:\n- _What users might have experienced._\n");
        sb.Append(i.Trigger.Meaning == Rules.Meaning.DataAtRisk
            ? "- _Data was at risk: say what was affected and any action users must take._\n\n"
            : "- _Any data loss or required actions._\n\n");
        sb.Append("Status:\n");
        sb.Append(restored ? "✅ Service fully restored\n✅ All systems operational\n✅ Monitoring closely\n\n" : "⏳ Restoring service\n\n");
        sb.Append("We sincerely apologize for any inconvenience this may have caused.\n\n");
        sb.Append("If you have any questions or concerns, please contact _support address_.\n\nThank you for your patience,\n_The team_\n");
        return sb.ToString();
    }
}
