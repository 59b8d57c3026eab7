using System.Text;
using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Reports;

/// <summary>
/// Seed 1's post-mortem template, filled in with what Watchdog knows: the timeline, the trigger and
/// its measurements, the versions, what was done, and the rollback metrics. What only people know
/// (root cause, contributing factors, owners) is left as prompts, never guessed.
/// </summary>
public static class PostMortem
{
    /// <param name="shown">What a reader may see of text Watchdog recorded (timeline lines); null shows it all. With it, the
    /// platform's log lines are left out too: they are output a reader without a token may not see.</param>
    public static string Draft(Incident i, Func<string, string>? shown = null)
    {
        var m = i.Metrics;
        var t = i.Trigger;
        var severity = t.Meaning is Rules.Meaning.DataAtRisk or Rules.Meaning.Security or Rules.Meaning.ServiceDown ? "CRITICAL" : "HIGH";
        var end = i.RestoredAt ?? i.ClosedAt;
        var sb = new StringBuilder();
        sb.Append("# Post-Mortem: ").Append(i.Service).Append(" — ").Append(t.Source).Append(" (").Append(i.Id).Append(")\n\n");
        sb.Append("**Date:** ").Append(i.OpenedAt.ToString("yyyy-MM-dd")).Append('\n');
        sb.Append("**Severity:** ").Append(severity).Append('\n');
        sb.Append("**Duration:** ").Append(end is { } e ? SignalFormat.Duration(e - i.ImpactStartedAt) : "ongoing").Append('\n');
        sb.Append("**Impact:** ").Append(t.Summary).Append('\n');
        sb.Append("**Outcome:** ").Append(i.State).Append(i.FromVersion is null ? "" : $"; {i.FromVersion} → {i.ToVersion ?? "?"}").Append("\n\n");

        Milestones(sb, i);
        sb.Append("## Timeline\n\n| Time (UTC) | Event |\n|------|-------|\n");
        sb.Append("| ").Append(i.ImpactStartedAt.ToString("HH:mm:ss")).Append(" | Issue began (first breached reading) |\n");
        foreach (var e2 in i.Timeline.Where(e => e.Kind is TimelineKind.Detected or TimelineKind.State or TimelineKind.Step or TimelineKind.Closed))
            sb.Append("| ").Append(e2.At.ToString("HH:mm:ss")).Append(" | ").Append(Cell(shown?.Invoke(e2.Message) ?? e2.Message)).Append(" |\n");
        sb.Append('\n');

        sb.Append("## What Happened\n\n");
        sb.Append("Watchdog detected: ").Append(t.Summary).Append(".\n");
        if (Messages.Suspected(i) is { } suspects) sb.Append("What changed before the first breach, closest first: ").Append(shown?.Invoke(suspects) ?? suspects).Append(".\n");
        if (i.Decision is { } d) sb.Append("It decided: ").Append(d.Action).Append(" — ").Append(d.Reason).Append(".\n");
        sb.Append("Steps taken:\n\n");
        foreach (var s in i.Steps.OrderBy(s => s.StartedAt))
            sb.Append("- `").Append(s.Key).Append("`: ").Append(s.Status.ToString().ToLowerInvariant())
              .Append(s.Attempt > 1 ? $" (attempt {s.Attempt})" : "").Append('\n');
        sb.Append('\n');

        if (shown is null && i.Step("evidence-logs") is { Status: StepStatus.Succeeded, Output: { } logs })
        {
            // Indented, not fenced: a log line holding ``` cannot end the block early.
            sb.Append("### Logs before the rollback\n\n");
            foreach (var line in logs.Split('\n')) sb.Append("    ").Append(line).Append('\n');
            sb.Append('\n');
        }

        sb.Append("## Rollback Metrics\n\n| Metric | Value |\n|---|---|\n");
        sb.Append("| Time to detect | ").Append(F(m.TimeToDetect)).Append(" |\n");
        sb.Append("| Time to initiate rollback | ").Append(F(m.TimeToInitiate)).Append(" |\n");
        sb.Append("| Time to restore service | ").Append(F(m.TimeToRestore)).Append(" |\n");
        sb.Append("| User impact duration | ").Append(F(m.ImpactDuration)).Append(" |\n");
        sb.Append("| Root cause category | _to be filled in by a person_ |\n\n");

        sb.Append("## Root Cause\n\n**Immediate Cause:**\n_What directly caused the failure?_\n\n**Contributing Factors:**\n- _Factor 1_\n\n");
        sb.Append("## Impact\n\n");
        sb.Append("**Users Affected:** ").Append(t.AffectedFraction is { } f ? $"about {f * 100:0.#}% of requests failing" : "_estimate_").Append('\n');
        sb.Append("**Functionality Impacted:** _list_\n");
        sb.Append("**Data Loss:** ").Append(DataLoss(i)).Append('\n');
        if (i.Step("db-status")?.Output is { } status)
            sb.Append("**Migration status before the rollback:** ").Append(status.Split('\n', 2)[0]).Append('\n');
        sb.Append("**Financial Impact:** _if applicable_\n\n");

        sb.Append("## What Went Well\n\n");
        if (m.TimeToRestore is { } restore) sb.Append("- Service restored ").Append(SignalFormat.Duration(restore)).Append(" after detection, without manual steps\n");
        sb.Append("- _add_\n\n");
        sb.Append("## What Could Be Improved\n\n- _add_\n\n");
        sb.Append("## Action Items\n\n| Action | Owner | Due Date | Priority |\n|--------|-------|----------|----------|\n");
        sb.Append("| Fix underlying bug in ").Append(i.FromVersion ?? "the failed release").Append(" | | | P0 |\n");
        sb.Append("| Add test coverage | | | P0 |\n| Improve monitoring | | | P1 |\n| Update deployment process | | | P1 |\n| Training session | | | P2 |\n\n");
        sb.Append("## Prevention\n\n**Immediate:**\n- _action to prevent recurrence_\n\n**Short-term (1-2 weeks):**\n- _improvements to process_\n\n");
        sb.Append("**Long-term (1-3 months):**\n- _systemic improvements_\n\n");
        sb.Append("## Lessons Learned\n\n1. _add_\n");
        if (UserNotice.Draft(i) is { } notice)
        {
            sb.Append("\n## Notice to Affected Users (draft)\n\n");
            foreach (var line in notice.Split('\n')) sb.Append(line.Length == 0 ? "" : "    ").Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The template's milestones, from what the journal knows; what it cannot know is said, not guessed.</summary>
    private static void Milestones(StringBuilder sb, Incident i)
    {
        var alerted = i.Steps.Where(s => s.Status == StepStatus.Succeeded && (s.Key == "announce" || s.Key.StartsWith("notify-", StringComparison.Ordinal)))
            .Select(s => s.EndedAt).Min();
        // An incident opens with its decision (the executor decides as it opens).
        var decided = i.Decision is null ? (DateTimeOffset?)null : i.OpenedAt;
        (string Event, DateTimeOffset? At)[] rows =
        [
            ("Issue first detected", i.DetectedAt),
            ("Team alerted", alerted),
            ("Rollback decision made", decided),
            ("Rollback started", i.RollbackStartedAt),
            ("Service restored", i.RestoredAt),
            ("Monitoring normal", i.State == IncidentState.Resolved ? i.ClosedAt : null),
        ];
        sb.Append("## Milestones\n\n| Time (UTC) | Milestone |\n|------|-------|\n");
        sb.Append("| _not recorded_ | Deployment started (Watchdog learns of deploys from its live checks) |\n");
        foreach (var (what, at) in rows)
            sb.Append("| ").Append(at is { } t ? t.ToString("HH:mm:ss") : "—").Append(" | ").Append(what).Append(" |\n");
        sb.Append('\n');
    }

    /// <summary>Seed 000 step 4.2: a restore loses what was written since the backup; the draft says so rather than leave it to memory.</summary>
    private static string DataLoss(Incident i) => i.Step("db-restore") is { Status: StepStatus.Succeeded, EndedAt: { } at }
        ? $"YES: the database was restored from a backup at {at:HH:mm:ss} UTC; any data created between that backup and the restore is lost — document what, for recovery attempts"
        : i.Trigger.Meaning == Rules.Meaning.DataAtRisk ? "_data was at risk: check and describe_" : "_YES/NO — details_";

    private static string F(TimeSpan? d) => d is { } x ? SignalFormat.Duration(x) : "n/a";

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
