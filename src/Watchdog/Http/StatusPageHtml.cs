using System.Globalization;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary>The status page's HTML: one self-contained document, inline CSS, no script. Times are UTC.</summary>
public static partial class StatusPageHtml
{
    /// <summary>The page reloads itself, so a screen left open on call follows the incident.</summary>
    public const int RefreshSeconds = 10;


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
        DryRun(h, s);
        if (!s.Ready) h.Add($"""<p class="notice">Starting: the journal is being opened and open incidents resumed.</p>""");
        if (s.JournalProblem is { } problem) h.Add($"""<p class="notice" id="journal-problem">{problem}</p>""");

        h.Add($"""<section id="services"><h2>Services</h2>""");
        foreach (var watch in s.Watches) Service(h, watch, s);
        h.Add($"</section>\n");

        OpenIncidents(h, s);
        Selected(h, s);
        Recent(h, s);
        RulesRecord(h, s);

        h.Add($"""
            <footer><p class="meta">JSON: <a href="api/services">services</a> · <a href="api/incidents">incidents</a> · <a href="api/freeze">freeze</a> · <a href="api/rules">rules</a> · <a href="metrics">metrics</a></p></footer>
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

    /// <summary>One class per state, so Escalated, Failed, Monitoring and AwaitingApproval never look alike.</summary>
    public static string StateBadge(IncidentState state) => "state-" + state.ToString().ToLowerInvariant();

    private static void DryRun(HtmlText h, StatusSnapshot s)
    {
        var dry = s.Watches.Where(w => w.Mode == Mode.DryRun).Select(w => w.Service).ToList();
        if (dry.Count == 0) return;
        h.Add($"""<div id="dry-run-banner" class="banner dry" role="status"><strong>DRY RUN</strong>: Watchdog records and announces what it would do and changes nothing ({string.Join(", ", dry)}).</div>""");
    }

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
            <h3><a href="{link}">{i.Id}</a> <span class="badge state {StateBadge(i.State)}">{i.State}</span></h3>
            <dl class="facts">
            <dt>Service</dt><dd>{i.Service}</dd>
            <dt>Mode</dt><dd>{i.Mode}</dd>
            <dt>Trigger</dt><dd class="trigger">{i.Trigger.Source}: {i.Trigger.Summary}</dd>
            <dt>Decision</dt><dd class="decision">{(i.Decision is { } d ? $"{d.Action}: {d.Reason}" : "not decided yet")}</dd>
            <dt>Versions</dt><dd class="versions">{i.FromVersion ?? "unknown"} → {i.ToVersion ?? "unknown"}</dd>
            <dt>Opened</dt><dd>{Time(i.OpenedAt)} UTC, {SignalFormat.Duration(Since(i.OpenedAt, s.Now))} ago</dd>
            </dl>

            """);
        NextSteps.Render(h, s, i);
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
            h.Add($"""<tr><td><a href="{link}">{i.Id}</a></td><td>{i.Service}</td><td><span class="badge state {StateBadge(i.State)}">{i.State}</span>{(i.IsOpen ? ", open" : "")}</td><td class="time">{Time(i.OpenedAt)}</td><td>{duration}</td><td><a href="{link}/postmortem">draft</a></td></tr>""");
        }

        h.Add($"</tbody></table>\n</section>\n");
    }

    /// <summary>Relative, so the page works behind a proxy that serves Watchdog under a path.</summary>
    /// <summary>How often each rule was right, from the shadow record: what a team reads before it lets a rule act.</summary>
    private static void RulesRecord(HtmlText h, StatusSnapshot s)
    {
        if (s.Shadow.Month.Count == 0) return;
        h.Add($"""<section id="rules-record"><h2>Rules' record</h2><table class="recent"><thead><tr><th>Service</th><th>Rule</th><th>7 days: confirmed / false / missed</th><th>precision</th><th>30 days: confirmed / false / missed</th><th>precision</th><th>false rollbacks (30 days)</th></tr></thead><tbody>""");
        foreach (var m in s.Shadow.Month)
        {
            var w = s.Shadow.Week.FirstOrDefault(x => x.Service == m.Service && x.Rule == m.Rule);
            h.Add($"""<tr><td>{m.Service}</td><td>{(m.Rule == "*" ? "(no alarm)" : m.Rule)}</td><td>{w?.Confirmed ?? 0} / {w?.False ?? 0} / {w?.Missed ?? 0}</td><td>{Percent(w?.Precision)}</td><td>{m.Confirmed} / {m.False} / {m.Missed}</td><td>{Percent(m.Precision)}</td><td>{m.FalseRollbacks}</td></tr>""");
        }

        h.Add($"</tbody></table></section>\n");
    }

    private static string Percent(double? p) => p is { } v ? v.ToString("0%", CultureInfo.InvariantCulture) : "—";

    private static string Link(Incident i) => "api/incidents/" + Uri.EscapeDataString(i.Id);

    private static TimeSpan Since(DateTimeOffset from, DateTimeOffset to) => to > from ? to - from : TimeSpan.Zero;

    private static string Time(DateTimeOffset at, bool precise = false) =>
        at.UtcDateTime.ToString(precise ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
