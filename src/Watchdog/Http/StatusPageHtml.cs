using System.Globalization;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary>The status page's HTML: one self-contained document, inline CSS, no script. Times are UTC.</summary>
public static class StatusPageHtml
{
    /// <summary>The page reloads itself, so a screen left open on call follows the incident.</summary>
    public const int RefreshSeconds = 10;

    private static readonly Markup Style = new("""
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1d232a;background:#f7f8fa}
        h1{margin:.2rem 0}h2{margin:1.6rem 0 .6rem;font-size:1.2rem}h3{margin:0 0 .5rem;font-size:1.05rem}
        .meta,.calm{color:#5b6570}a{color:#0b5cad}
        .banner{background:#b00020;color:#fff;padding:.8rem 1rem;border-radius:6px;font-size:1.1rem}.banner a{color:#fff}
        .notice{background:#fff4d6;border:1px solid #e0b53a;padding:.5rem .8rem;border-radius:6px}
        article{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.9rem 1rem;margin:.8rem 0}
        .badge{display:inline-block;padding:.05rem .55rem;border-radius:1rem;font-size:.85rem;font-weight:600;vertical-align:middle}
        .ok{background:#d8f3df;color:#14532d}.warn{background:#fff0c2;color:#6b4e00}.bad{background:#fde0e0;color:#8a0010}.muted{background:#eceff3;color:#46505a}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.4rem 0}dt{color:#5b6570}dd{margin:0}
        table{border-collapse:collapse;width:100%;margin:.4rem 0;background:#fff}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6e9ed;vertical-align:top}
        th{font-size:.85rem;color:#5b6570;font-weight:600}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
        """);

    public static string Render(StatusSnapshot s)
    {
        var h = new HtmlText();
        h.Add($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="{RefreshSeconds}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{(s.Freeze.Frozen ? "DEPLOY FREEZE · " : "")}Watchdog status</title>
            <style>{Style}</style>
            </head>
            <body>
            <header><h1>Watchdog</h1><p class="meta">As of {Time(s.Now)} UTC; this page refreshes every {RefreshSeconds} s.</p></header>

            """);

        Freeze(h, s);
        if (!s.Ready) h.Add($"""<p class="notice">Starting: the journal is being opened and open incidents resumed.</p>""");
        if (s.JournalProblem is { } problem) h.Add($"""<p class="notice" id="journal-problem">{problem}</p>""");

        h.Add($"""<section id="services"><h2>Services</h2>""");
        foreach (var watch in s.Watches) Service(h, watch, s);
        h.Add($"</section>\n");

        OpenIncidents(h, s);
        Selected(h, s);
        Recent(h, s);

        h.Add($"""
            <footer><p class="meta">JSON: <a href="api/services">services</a> · <a href="api/incidents">incidents</a> · <a href="api/freeze">freeze</a> · <a href="metrics">metrics</a></p></footer>
            </body>
            </html>

            """);
        return h.ToString();
    }

    private static void Freeze(HtmlText h, StatusSnapshot s)
    {
        if (!s.Freeze.Frozen)
        {
            h.Add($"""<p id="no-freeze" class="calm">No deploy freeze: no incident is open.</p>""");
            return;
        }

        h.Add($"""<div id="freeze-banner" class="banner" role="alert"><strong>DEPLOY FREEZE: do not deploy</strong> until it is over:""");
        foreach (var f in s.Freeze.Services)
        {
            if (f.Incident is { } id) h.Add($""" <a href="#incident-{id}">{f.Service} ({id})</a>""");
            else h.Add($""" {f.Service} (drill under way)""");
        }
        h.Add($"</div>\n");
    }

    private static void Service(HtmlText h, ServiceWatch w, StatusSnapshot s)
    {
        var verdicts = w.Verdicts;
        var open = w.OpenIncidentId;
        var (health, tone) = Health(w, verdicts, open);
        var stable = s.LastStable.GetValueOrDefault(w.Service);
        h.Add($"""
            <article class="service">
            <h3><span class="service-name">{w.Service}</span> <span class="badge health {tone}">{health}</span></h3>
            <dl class="facts">
            <dt>Live deployment</dt><dd class="live">{w.Live?.ToString() ?? "unknown"}</dd>
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

        if (verdicts.Count == 0)
        {
            h.Add($"""<p class="calm">No readings yet.</p></article>""");
            return;
        }

        h.Add($"""<table class="rules"><thead><tr><th>Rule</th><th>Status</th><th>Explanation</th></tr></thead><tbody>""");
        foreach (var v in verdicts)
            h.Add($"""<tr><td>{v.Rule.Name}</td><td><span class="badge {Tone(v.Status)}">{v.Status.ToString().ToLowerInvariant()}</span></td><td>{v.Explain()}</td></tr>""");
        h.Add($"</tbody></table>\n</article>\n");
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

    private static void OpenIncidents(HtmlText h, StatusSnapshot s)
    {
        h.Add($"""<section id="open-incidents"><h2>{(s.Freeze.Services.Count > 1 ? "Open incidents" : "Open incident")}</h2>""");
        if (s.Freeze.Services.All(f => f.Incident is null)) h.Add($"""<p class="calm">No open incident.</p>""");
        foreach (var missing in s.Freeze.Services.Where(f => f.Incident is not null && s.Open.All(i => i.Id != f.Incident)))
            h.Add($"""<p class="notice">{missing.Service}: incident {missing.Incident} is open but could not be read from the journal.</p>""");

        foreach (var i in s.Open) Article(h, s, i);

        h.Add($"</section>\n");
    }

    private static void Article(HtmlText h, StatusSnapshot s, Incident i)
    {
        var link = Link(i);
        h.Add($"""
            <article class="incident" id="incident-{i.Id}">
            <h3><a href="{link}">{i.Id}</a> <span class="badge {(i.IsOpen ? "bad" : "ok")} state">{i.State}</span></h3>
            <dl class="facts">
            <dt>Service</dt><dd>{i.Service}</dd>
            <dt>Mode</dt><dd>{i.Mode}</dd>
            <dt>Trigger</dt><dd class="trigger">{i.Trigger.Source}: {i.Trigger.Summary}</dd>
            <dt>Decision</dt><dd class="decision">{(i.Decision is { } d ? $"{d.Action}: {d.Reason}" : "not decided yet")}</dd>
            <dt>Versions</dt><dd class="versions">{i.FromVersion ?? "unknown"} → {i.ToVersion ?? "unknown"}</dd>
            <dt>Opened</dt><dd>{Time(i.OpenedAt)} UTC, {SignalFormat.Duration(Since(i.OpenedAt, s.Now))} ago</dd>
            </dl>

            """);
        if (i.State == IncidentState.AwaitingApproval)
            h.Add($"""<p class="notice">Waiting for a person: <code>POST {link}/approve</code> or <code>/veto</code> with the API token.</p>""");
        h.Add($"""
            <p class="links"><a href="{link}">incident JSON</a> · <a href="{link}/postmortem">post-mortem draft</a></p>
            <table class="timeline"><thead><tr><th>Time (UTC)</th><th>Kind</th><th>Event</th></tr></thead><tbody>
            """);
        foreach (var e in i.Timeline)
            h.Add($"""<tr><td class="time">{Time(e.At, precise: true)}</td><td>{e.Kind.Text()}</td><td>{(s.Trusted ? e.Message : ReadAccess.ForAnonymous(e.Message))}</td></tr>""");
        h.Add($"</tbody></table>\n</article>\n");
    }

    /// <summary>The incident a message linked to (<c>/?incident=ID</c>), open or not.</summary>
    private static void Selected(HtmlText h, StatusSnapshot s)
    {
        if (s.Selected is not { } i || s.Open.Any(o => o.Id == i.Id)) return;
        h.Add($"""<section id="selected"><h2>Incident {i.Id}</h2>""");
        Article(h, s, i);
        h.Add($"</section>\n");
    }

    private static void Recent(HtmlText h, StatusSnapshot s)
    {
        h.Add($"""<section id="recent"><h2>Last incidents</h2>""");
        if (s.Recent.Count == 0)
        {
            h.Add($"""<p class="calm">No incidents in the journal.</p></section>""");
            return;
        }

        h.Add($"""<table class="recent"><thead><tr><th>Incident</th><th>Service</th><th>State</th><th>Opened (UTC)</th><th>Duration</th><th>Post-mortem</th></tr></thead><tbody>""");
        foreach (var i in s.Recent)
        {
            var link = Link(i);
            var duration = i.ClosedAt is { } closed ? SignalFormat.Duration(Since(i.OpenedAt, closed)) : $"open for {SignalFormat.Duration(Since(i.OpenedAt, s.Now))}";
            h.Add($"""<tr><td><a href="{link}">{i.Id}</a></td><td>{i.Service}</td><td>{i.State}{(i.IsOpen ? ", open" : "")}</td><td class="time">{Time(i.OpenedAt)}</td><td>{duration}</td><td><a href="{link}/postmortem">draft</a></td></tr>""");
        }

        h.Add($"</tbody></table>\n</section>\n");
    }

    /// <summary>Relative, so the page works behind a proxy that serves Watchdog under a path.</summary>
    private static string Link(Incident i) => "api/incidents/" + Uri.EscapeDataString(i.Id);

    private static TimeSpan Since(DateTimeOffset from, DateTimeOffset to) => to > from ? to - from : TimeSpan.Zero;

    private static string Time(DateTimeOffset at, bool precise = false) =>
        at.UtcDateTime.ToString(precise ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
