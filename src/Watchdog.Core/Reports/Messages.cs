using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Reports;

/// <summary>The seeds' message templates, filled in from an incident. Every message says why.</summary>
public static partial class Messages
{
    public static Notification Alert(Incident i, string action) => Build(i, NotificationKind.Alert, Severity.Warning,
        $"⚠️ {i.Service}: {i.Trigger.Source} tripped",
        [
            $"Issue: {i.Trigger.Summary}",
            $"Impact: {Impact(i.Trigger)}",
            $"Decision: {action}",
            .. SuspectLines(i),
        ]);

    /// <param name="vetoWindow">Zero: nothing happens until a person approves. Otherwise Watchdog acts when it passes without a veto.</param>
    public static Notification ApprovalNeeded(Incident i, TimeSpan vetoWindow = default) => Build(i, NotificationKind.ApprovalNeeded, Severity.High,
        vetoWindow > TimeSpan.Zero
            ? $"✋ {i.Service}: {ActionName(i)} in {SignalFormat.Duration(vetoWindow)} unless someone vetoes"
            : $"✋ APPROVAL NEEDED: {ActionName(i)} {i.Service}?",
        [
            $"Issue: {i.Trigger.Summary}",
            $"Impact: {Impact(i.Trigger)}",
            $"Proposed: {Proposal(i)}",
            .. SuspectLines(i),
            .. i.Decision?.PersonDecides is { } why ? [$"Why a person: {why}"] : Array.Empty<string>(),
            vetoWindow > TimeSpan.Zero
                ? $"Watchdog acts at {i.Timeline[^1].At + vetoWindow:HH:mm:ss}Z unless someone vetoes incident {i.Id}; approving acts at once."
                : $"Nothing is done until a person approves or vetoes incident {i.Id}.",
            $"Approve: the link below, `watchdog approve {i.Id}`, or POST /api/incidents/{i.Id}/approve",
            $"Veto: the link below, `watchdog veto {i.Id}`, or POST /api/incidents/{i.Id}/veto",
        ]);

    /// <summary>What happened to the flag: turned off (and where), or why the rollback came after it.</summary>
    private static string[] FlagLines(Incident i) => i.Decision switch
    {
        { FlagTried: not null } d => [$"Flag: {d.Reason}"],
        { Action: RunbookAction.DisableFlag } when i.Step("disable-flag") is { Status: StepStatus.Succeeded, Output: { } done } => [$"Flag: {FirstLine(done)}"],
        _ => [],
    };

    private static string FirstLine(string s) => s.Split('\n', 2)[0];

    /// <summary>What changed before the first breach, closest first, as the incident opened; nothing for an incident journaled before suspects were.</summary>
    private static string[] SuspectLines(Incident i) => Suspected(i) is { } line ? [$"What changed: {line}"] : [];

    /// <summary>The incident's suspects line (timeline kind <see cref="TimelineKind.Suspects"/>), null when it has none.</summary>
    public static string? Suspected(Incident i) => i.Timeline.LastOrDefault(e => e.Kind == TimelineKind.Suspects)?.Message;

    private static string ActionName(Incident i) => i.Decision?.Action == RunbookAction.DisableFlag ? $"disable flag {i.Decision.Flag} on" : "roll back";

    /// <param name="eta">The median of this service's last measured rollbacks and how many; null before any was measured.</param>
    public static Notification RollbackInProgress(Incident i, (TimeSpan Median, int Of)? eta = null) => Build(i, NotificationKind.RollbackInProgress, Severity.Critical,
        "🚨 ROLLBACK IN PROGRESS 🚨",
        [
            $"Service: {i.Service}",
            $"Issue: {i.Trigger.Summary}",
            $"Impact: {Impact(i.Trigger)}",
            $"Decision: {Proposal(i)}",
            .. SuspectLines(i),
            .. i.TargetBasis is { } basis && i.Decision?.Action == RunbookAction.Rollback ? [$"Target: {basis}"] : Array.Empty<string>(),
            eta is { } e
                ? $"ETA: about {SignalFormat.Duration(e.Median)} (the median of the last {e.Of} rollback{(e.Of == 1 ? "" : "s")} of {i.Service})"
                : "ETA: about 15 minutes (no rollback of this service measured yet)",
            "Status updates will follow.",
            "DO NOT deploy anything until rollback complete.",
        ]);

    public static Notification RollbackComplete(Incident i, IReadOnlyList<string> checks, TimeSpan monitorFor)
    {
        var m = i.Metrics;
        return Build(i, NotificationKind.RollbackComplete, Severity.High, "✅ ROLLBACK COMPLETE",
        [
            $"Service: {i.Service}",
            i.Decision is { Action: RunbookAction.DisableFlag, Flag: { } flag }
                ? $"Status: Service restored by disabling feature flag {flag}; version {i.FromVersion ?? "?"} unchanged"
                : "Status: Service restored to previous stable version",
            $"Rollback duration: {Fmt(i.RestoredAt - i.RollbackStartedAt)}",
            .. i.Decision?.Action == RunbookAction.DisableFlag ? Array.Empty<string>() : [$"Version: reverted from {i.FromVersion ?? "?"} to {i.ToVersion ?? "?"}"],
            .. FlagLines(i),
            $"Cause: {i.Trigger.Summary}",
            "Verification:",
            .. checks.Select(c => "  " + c),
            $"Metrics: time to detect {Fmt(m.TimeToDetect)}, to initiate {Fmt(m.TimeToInitiate)}, to restore {Fmt(m.TimeToRestore)}",
            .. PinLines(i),
            $"Next steps: monitoring for {SignalFormat.Duration(monitorFor)}; root cause analysis and a fix before deploying again.",
        ]);
    }

    /// <summary>
    /// Seed 001's progress update while the rollback runs: how far along against this service's measured rollbacks,
    /// the current step, and an ETA. Without a measurement it gives no percentage rather than a made-up one.
    /// </summary>
    /// <param name="elapsed">Since the rollback started.</param>
    /// <param name="eta">The median of this service's last measured rollbacks and how many; null before any was measured.</param>
    /// <param name="waitsUpTo">How long Watchdog waits for the target to go live before it escalates; null once it is live.</param>
    public static Notification RollbackProgress(Incident i, string step, TimeSpan elapsed, (TimeSpan Median, int Of)? eta, TimeSpan? waitsUpTo)
    {
        var so = SignalFormat.Duration(elapsed);
        var title = eta is { } e && elapsed < e.Median
            ? $"UPDATE: Rollback {Math.Clamp((int)(elapsed / e.Median * 100) / 10 * 10, 10, 90)}% complete ({i.Service})"
            : $"UPDATE: rollback of {i.Service} still under way after {so}";
        return Build(i, NotificationKind.RollbackProgress, Severity.High, title,
        [
            $"Service: {i.Service}",
            $"Current Status: {step}",
            eta switch
            {
                { } m when elapsed < m.Median =>
                    $"ETA: about {SignalFormat.Duration(m.Median - elapsed)} ({so} so far; the median of the last {m.Of} rollback{(m.Of == 1 ? "" : "s")} of {i.Service} is {SignalFormat.Duration(m.Median)})",
                { } m => $"ETA: unknown: {so} so far, longer than the median {SignalFormat.Duration(m.Median)} of the last {m.Of} rollback{(m.Of == 1 ? "" : "s")} of {i.Service}",
                null => $"ETA: unknown: no rollback of {i.Service} measured yet; {so} so far",
            },
            .. waitsUpTo is { } wait ? [$"Watchdog waits up to {SignalFormat.Duration(wait)} for the target to go live, then escalates."] : Array.Empty<string>(),
            "DO NOT deploy anything until rollback complete.",
        ]);
    }

    /// <summary>After a rollback that pinned production (Vercel): where the domains stay, and the command that ends it.</summary>
    private static IReadOnlyList<string> PinLines(Incident i) =>
        i.TargetLive && ProductionPin.Of(i) is { } pin ? pin.Lines(i.ToVersion ?? "the rolled-back deployment") : [];

    public static Notification Progress(Incident i, IReadOnlyList<Reading> readings, TimeSpan watched, TimeSpan monitorFor) => Build(i, NotificationKind.Progress, Severity.Info,
        $"UPDATE: {i.Service} stable on {i.ToVersion ?? "the restored version"} after the rollback",
        [
            $"Monitoring: {SignalFormat.Duration(watched)} of {SignalFormat.Duration(monitorFor)}, no rule firing",
            .. readings.Where(r => r.HasValue).Select(r => $"  {r}{(r.Source is { } s ? $" from {s}" : "")}"),
            "Next update in 15 minutes, or at once if anything regresses.",
        ]);

    /// <param name="ending">The state the incident ends in once people are told (Failed when nothing could be done).</param>
    public static Notification Escalation(Incident i, string why, string done, IncidentState ending = IncidentState.Escalated) => Build(i, NotificationKind.Escalation, Severity.Critical,
        $"🆘 ESCALATION: {i.Service} needs a person",
        [
            $"Why: {why}",
            $"Issue: {i.Trigger.Summary}",
            $"What Watchdog did: {done}",
            $"Versions: live {i.LiveVersion ?? "unknown"}" + (i.TargetLive ? $" (rolled back from {i.FromVersion ?? "?"})" : i.ToVersion is { } to ? $", rollback target {to}" : ""),
            .. PinLines(i),
            "Watchdog will not roll back again for this incident. Please investigate now.",
        ], ending);

    public static Notification Resolved(Incident i, string how) => Build(i, NotificationKind.Resolved, Severity.Info,
        $"RESOLVED: {i.Service}",
        [
            $"Service Status: {how}",
            $"Version: {i.ToVersion ?? i.FromVersion ?? "unchanged"}",
            $"Duration: {Fmt((i.ClosedAt ?? i.RestoredAt) - i.ImpactStartedAt)}",
            .. PinLines(i),
            "Next Steps: Post-mortem within 24 hours",
        ], IncidentState.Resolved);

    public static Notification Blind(string service, SourceState source, TimeSpan pollInterval) => Sight(service, source, NotificationKind.Blind, Severity.High,
        $"👁 WATCHDOG IS BLIND: {source.Source} for {service}",
        [
            $"Source: {source.Source} could not be asked {source.ConsecutiveErrors} times in a row (every {SignalFormat.Duration(pollInterval)}) since {source.FailingSince:HH:mm:ss}Z",
            $"Last error: {source.LastReason ?? "unknown"}",
            "Rules that depend on it are inconclusive: Watchdog will NOT roll back on missing data, and cannot see a real failure either.",
            "Check the source (its URL, token, rate limits) and watch the service by other means until Watchdog sees again.",
        ]);

    public static Notification SeesAgain(string service, SourceState before, DateTimeOffset now) => Sight(service, before, NotificationKind.SeesAgain, Severity.Info,
        $"👁 Watchdog sees again: {before.Source} for {service}",
        [
            $"Source: {before.Source} answers again after {SignalFormat.Duration(now - (before.FailingSince ?? now))} without data ({before.ConsecutiveErrors} failed ticks)",
            "Rules that depend on it are judged again from now on.",
        ]);

    /// <summary>The journal is lost or cannot be written: Watchdog cannot act, and says so as loudly as a blindness.</summary>
    public static Notification JournalLost(string where, string problem, DateTimeOffset since) =>
        new(NotificationKind.Blind, Severity.Critical, "watchdog", $"journal-{since:yyyyMMdd-HHmmss}",
            "📕 WATCHDOG HAS NO JOURNAL: it will not act",
            [
                $"Journal: {where}",
                $"Problem: {problem} (since {since:HH:mm:ss}Z)",
                "Watchdog records every step before it takes it; without the journal it rolls nothing back and opens no incident.",
                "Free space or restore the file (SQLite), or bring the database server back and writable (PostgreSQL); Watchdog says so here once it can write again. Watch your services by other means until then.",
            ],
            [new("Journal", where), new("Problem", problem), new("Since", $"{since:yyyy-MM-dd HH:mm:ss}Z")]);

    public static Notification JournalBack(string where, DateTimeOffset since, DateTimeOffset now) =>
        new(NotificationKind.SeesAgain, Severity.Info, "watchdog", $"journal-{since:yyyyMMdd-HHmmss}",
            "📗 Watchdog's journal is sound again",
            [$"Journal: {where} takes writes again after {SignalFormat.Duration(now - since)}.", "Watchdog acts again on what fires from now on."],
            [new("Journal", where), new("Since", $"{since:yyyy-MM-dd HH:mm:ss}Z")]);

    public static Notification QuarantinedRedeployed(string service, Deployment live, DateTimeOffset seenAt) =>
        new(NotificationKind.QuarantinedRedeployed, Severity.Critical, service, $"quarantine-{service}-{live.Version}-{seenAt:yyyyMMdd-HHmmss}",
            $"🚫 QUARANTINED RELEASE IS LIVE AGAIN: {service} {live.Version}",
            [
                $"Service: {service}",
                $"Live now: {live} (seen {seenAt:HH:mm:ss}Z)",
                "This release was rolled back by Watchdog and quarantined as bad.",
                "Unless the fix is in it, roll it back now and find out how it was deployed; Watchdog will not choose it as a rollback target.",
            ],
            [new("Service", service), new("Version", live.Version), new("Deployment", live.Id)]);

    /// <summary>A rule's earned autonomy moved: from asking to acting on its own, or back.</summary>
    public static Notification AutonomyMoved(string service, string rule, bool mayAct, string why, DateTimeOffset at) =>
        new(NotificationKind.AutonomyChanged, mayAct ? Severity.Warning : Severity.High, service, $"autonomy-{service}-{rule}-{at:yyyyMMdd-HHmmss}",
            mayAct ? $"🎓 {service}: rule {rule} now rolls back on its own" : $"✋ {service}: rule {rule} asks a person again",
            [
                $"Service: {service}",
                $"Rule: {rule} (autonomy Earned)",
                mayAct
                    ? "From now on, when this rule fires, Watchdog acts without asking (within the rollback budget)."
                    : "From now on, when this rule fires, Watchdog asks a person before acting.",
                $"Why: {why}",
            ],
            [new("Service", service), new("Rule", rule), new("Now", mayAct ? "Act" : "Ask"), new("Record", why)]);

    /// <summary>Seed 000: "DO NOT deploy anything until rollback complete." A platform says a deploy went out anyway.</summary>
    /// <param name="frozenBy">Why deploys are frozen now, one line each ("incident 20261203-… of api is open (RollingBack)").</param>
    public static Notification DeployDuringFreeze(DeployEvent e, IReadOnlyList<string> frozenBy, DateTimeOffset seenAt) =>
        new(NotificationKind.DeployDuringFreeze, Severity.Critical, e.Service, $"deploy-{e.Service}-{e.DeploymentId}",
            $"⛔ DEPLOY DURING A FREEZE: {e.Service}",
            [
                $"Service: {e.Service}",
                $"Deployment: {e.Describe()}, {e.State.ToString().ToLowerInvariant()} at {e.At:HH:mm:ss}Z (told {seenAt:HH:mm:ss}Z)",
                .. frozenBy.Select(f => "Frozen: " + f),
                "DO NOT deploy anything until rollback complete.",
                "Find who deployed and stop or undo it unless it is the agreed fix: a rollback under way may undo it, or be undone by it.",
            ],
            [new("Service", e.Service), new("Deployment", e.DeploymentId), new("Platform", e.Platform), new("State", e.State.ToString()), new("Commit", e.Commit ?? "unknown")]);

    private static Notification Sight(string service, SourceState source, NotificationKind kind, Severity severity, string title, IReadOnlyList<string> lines) =>
        new(kind, severity, service, $"sight-{service}-{source.Source}-{source.FailingSince:yyyyMMdd-HHmmss}", title, lines,
        [
            new("Service", service),
            new("Source", source.Source),
            new("Failing since", $"{source.FailingSince:yyyy-MM-dd HH:mm:ss}Z"),
            new("Failed ticks", source.ConsecutiveErrors.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Last error", source.LastReason ?? "unknown"),
        ]);

    private static string Proposal(Incident i) => i.Decision switch
    {
        { Action: RunbookAction.DisableFlag, Flag: { } flag } => $"disable feature flag {flag} ({i.Decision.Reason})",
        { } d => $"roll back {(i.FromVersion is null ? "" : $"from {i.FromVersion} ")}to {i.ToVersion ?? "the last stable deployment"} ({d.Reason})",
        null => "none yet",
    };

    private static string Impact(Trigger t) => t.AffectedFraction is { } f
        ? $"about {f * 100:0.#}% of requests failing since {t.Since:HH:mm:ss}Z"
        : $"{t.Meaning} since {t.Since:HH:mm:ss}Z";

    private static string Fmt(TimeSpan? d) => d is { } x ? SignalFormat.Duration(x) : "n/a";

    /// <param name="announcing">The state the message announces, when people are told before the incident moves to it.</param>
    private static Notification Build(Incident i, NotificationKind kind, Severity severity, string title, IReadOnlyList<string> lines, IncidentState? announcing = null)
    {
        var t = i.Trigger;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("Incident", i.Id),
            new("Rule", t.Source),
            new("Meaning", t.Meaning.ToString()),
        };
        if (t is { Signal: { } s, Value: { } v }) facts.Add(new("Measured", SignalFormat.Value(s, v)));
        if (t is { Signal: { } s2, Threshold: { } th }) facts.Add(new("Threshold", SignalFormat.Value(s2, th)));
        if (t.MeasuredOver is { } w) facts.Add(new("Window", SignalFormat.Duration(w)));
        if (t.HeldFor is { } held) facts.Add(new("Held for", SignalFormat.Duration(held)));
        if (t is { Signal: { } s3, Baseline: { } b }) facts.Add(new("Baseline", SignalFormat.Value(s3, b) + (t.BaselineFrom is { } origin ? $", {origin}" : "")));
        if (t is { Signal: { } s4, Judgement: { } j }) facts.Add(new("Judged", j.Describe(s4)));
        if (i.Decision is { } d) facts.Add(new("Decision", $"{d.Action}: {d.Reason}"));
        if (i.FromVersion is { } from) facts.Add(new("From version", from));
        if (i.ToVersion is { } to) facts.Add(new("To version", to));
        facts.Add(new("Mode", i.Mode.ToString()));
        facts.Add(new("State", (announcing ?? i.State).ToString()));
        return new Notification(kind, severity, i.Service, i.Id, title, lines, facts) { Public = PublicText(i, kind) };
    }

    /// <summary>
    /// Seed 1's status-page texts, for people outside the team: what is affected and what is being done, never
    /// versions, rules or numbers. Only once Watchdog is acting or asking a person does the public hear of it.
    /// </summary>
    private static string? PublicText(Incident i, NotificationKind kind) => kind switch
    {
        NotificationKind.ApprovalNeeded or NotificationKind.Escalation =>
            $"⚠️ Service Degradation\n\nWe are currently experiencing issues with {i.Service}.\nOur team is working to restore normal service.\n\n" +
            $"Status: Investigating\nStarted: {i.ImpactStartedAt:yyyy-MM-dd HH:mm} UTC\nNext update: In 15 minutes\n\nWe apologize for the inconvenience.",
        NotificationKind.RollbackInProgress =>
            $"⚠️ Service Degradation\n\nWe have identified the cause of the issues with {i.Service} and are restoring the previous stable version.\n\n" +
            $"Status: Identified\nStarted: {i.ImpactStartedAt:yyyy-MM-dd HH:mm} UTC\nNext update: In 15 minutes\n\nWe apologize for the inconvenience.",
        NotificationKind.RollbackComplete =>
            $"Service Recovering\n\nThe issues with {i.Service} have been addressed and service is working normally again.\nWe are monitoring closely to make sure it stays that way.\n\nStatus: Monitoring",
        NotificationKind.Resolved =>
            $"✅ Service Restored\n\nThe issues with {i.Service} have been resolved.\nService has been restored to full functionality.\n\nWe apologize for any inconvenience.\n\n" +
            $"Resolved: {i.ClosedAt ?? i.RestoredAt:yyyy-MM-dd HH:mm} UTC\nDuration: {Fmt((i.ClosedAt ?? i.RestoredAt) - i.ImpactStartedAt)}\n\nPost-mortem will be shared within 24 hours.",
        _ => null,
    };
}
