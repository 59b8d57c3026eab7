using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary>The status page's services: live deployment, rules with their readings now, and a chart per rule.</summary>
public static partial class StatusPageHtml
{
    private static void Service(HtmlText h, ServiceWatch w, StatusSnapshot s)
    {
        var verdicts = w.Verdicts;
        var open = w.OpenIncidentId;
        var (health, tone) = Health(w, verdicts, open);
        var stable = s.LastStable.GetValueOrDefault(w.Service);
        var look = s.Live.GetValueOrDefault(w.Service);
        h.Add($"""
            <article class="service">
            <h3><span class="service-name">{w.Service}</span> <span class="badge health {tone}">{health}</span></h3>
            <dl class="facts">
            <dt>Live deployment</dt><dd class="live">{(look?.Live ?? w.Live)?.ToString() ?? "unknown"}</dd>
            <dt>Live as of</dt><dd class="live-at">{LiveAsOf(look, s.Now)}</dd>
            <dt>Last stable deployment</dt><dd class="last-stable">
            """);
        if (stable is null) h.Add($"unknown (no rollback in the journal has been verified and then stayed stable)");
        else h.Add($"""{stable.ToVersion}: rolled back to in <a href="{Link(stable)}">{stable.Id}</a>, verified and stable until it resolved at {Time(stable.ClosedAt!.Value)} UTC""");
        h.Add($"</dd>\n");
        if (open is not null) h.Add($"""<dt>Open incident</dt><dd><a href="#incident-{open}">{open}</a></dd>""");
        h.Add($"</dl>\n");

        foreach (var src in w.Sources.Where(x => x.Blind))
            h.Add($"""<p class="blind"><span class="badge warn">blind</span> {src.Source} has failed {src.ConsecutiveErrors} times in a row since {(src.FailingSince is { } since ? Time(since) + " UTC" : "?")}: {src.LastReason}</p>""");
        foreach (var alert in w.PushedAlerts)
            h.Add($"""<p class="pushed"><span class="badge bad">alert</span> {alert.Source} ({alert.Meaning}): {alert.Summary}</p>""");
        // What the platforms said of the latest deploys (webhooks): the newest few, newest last.
        foreach (var note in w.DeployNotes.TakeLast(3))
            h.Add($"""<p class="deploy-note"><span class="badge muted">deploy</span> {Time(note.At)} UTC {note.Text}</p>""");

        if (verdicts.Count == 0)
        {
            h.Add($"""<p class="calm">No readings yet.</p></article>""");
            return;
        }

        h.Add($"""<table class="rules"><thead><tr><th>Rule</th><th>Status</th><th>Reading</th><th>Explanation</th></tr></thead><tbody>""");
        foreach (var v in verdicts)
        {
            var status = v.Recovering ? "recovering" : v.Status.ToString().ToLowerInvariant();
            h.Add($"""<tr><td>{v.Rule.Name}</td><td><span class="badge {(v.Recovering ? "recovering" : Tone(v.Status))}">{status}</span></td><td class="reading">{v.State()}</td><td>{v.Explain()}</td></tr>""");
        }
        h.Add($"</tbody></table>\n");
        Charts(h, w, verdicts, s);
        h.Add($"</article>\n");
    }

    /// <summary>One word for the service, worst first; "healthy" only where the watch itself would call it so.</summary>
    private static (string Label, string Tone) Health(ServiceWatch w, IReadOnlyList<Verdict> verdicts, string? open) =>
        open is not null ? ("incident open", "bad")
        : w.Sources.Any(x => x.Blind) ? ("blind", "warn")
        : verdicts.All(v => v.Status == RuleStatus.Inconclusive) ? ("no data", "warn")
        : w.PushedAlerts.Count == 0 && Core.Decisions.Health.AllClear(verdicts) ? ("healthy", "ok")
        : verdicts.Any(v => v.Status is RuleStatus.Pending or RuleStatus.Firing) || w.PushedAlerts.Count > 0 ? ("breach pending", "warn")
        : ("partly seen", "warn");

    private static string Tone(RuleStatus status) => status switch
    {
        RuleStatus.Inactive => "ok",
        RuleStatus.Pending => "warn",
        RuleStatus.Firing => "bad",
        _ => "muted",
    };

    /// <summary>Each rule's chart, with the markers of the service's open incident, else its latest one.</summary>
    private static void Charts(HtmlText h, ServiceWatch w, IReadOnlyList<Verdict> verdicts, StatusSnapshot s)
    {
        var incident = s.Open.FirstOrDefault(i => i.Service == w.Service) ?? s.Recent.FirstOrDefault(i => i.Service == w.Service);
        var markers = ChartMarkers.Of(incident, w.DeployChanges);
        h.Add($"""<div class="charts">""");
        foreach (var v in verdicts)
        {
            h.Add($"""<figure class="rule-chart"><figcaption>{v.Rule.Name}: {v.Rule.Describe()}</figcaption>""");
            RuleChart.Render(h, v, w.History(v.Rule.Name), markers, s.Now);
            h.Add($"</figure>");
        }
        h.Add($"""</div><p class="legend"><span class="threshold">- - threshold</span><span class="deploy">| deploy</span><span class="detected">| detected</span><span class="rollback">| rollback</span><span class="verify">| verify</span></p>""");
    }

    private static string LiveAsOf(LiveLook? look, DateTimeOffset now) => look switch
    {
        null => "not asked",
        { Problem: { } problem } => $"could not ask: {problem}" + (look.At is { } at ? $"; last answer {SignalFormat.Duration(Since(at, now))} ago" : ""),
        { At: { } at } => $"the provider said so {SignalFormat.Duration(Since(at, now))} ago",
        _ => "the provider has not answered yet",
    };
}
