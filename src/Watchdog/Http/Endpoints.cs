using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;
using Watchdog.Hosting;
using Watchdog.Metrics;

namespace Watchdog.Http;

/// <summary>The HTTP surface on Kestrel's one port: the status page, probes, metrics, and the incidents API.</summary>
public static class Endpoints
{
    public static IEndpointRouteBuilder MapWatchdog(this IEndpointRouteBuilder app)
    {
        app.MapReadLogin();
        // The status page and the read API: locked by Api:ReadToken when it is set; probes and /metrics stay open.
        var read = app.MapGroup("").AddEndpointFilter(ReadLock.FilterAsync);
        read.MapGet("/", StatusPage.RenderAsync);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (WatchdogRuntime runtime) => (runtime.Ready, runtime.JournalProblem) switch
        {
            (_, { } journal) => Results.Text($"journal: {journal}\n", statusCode: StatusCodes.Status503ServiceUnavailable),
            (false, _) => Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => Results.Text("ready\n"),
        });
        app.MapGet("/metrics", async (WatchdogMetrics metrics, HttpContext http) =>
        {
            http.Response.ContentType = WatchdogMetrics.ContentType;
            await metrics.ExportAsync(http.Response.Body, http.RequestAborted);
        });

        read.MapGet("/api/services", (WatchdogRuntime runtime) => runtime.Watches.Select(w => new
        {
            w.Service,
            OpenIncident = w.OpenIncidentId,
            Readings = w.Readings.Select(r => new
            {
                Signal = r.Signal.ToString(),
                r.Source,
                State = r.State.ToString(),
                Value = r.HasValue ? r.Value : (double?)null,
                Display = r.HasValue ? SignalFormat.Value(r.Signal, r.Value) : null,
                r.Samples,
                r.At,
                r.Reason,
                r.Note, // e.g. Sentry's "event-count ratio": what the value stands for when it is not the signal itself
            }),
            Rules = w.Verdicts.Select(v => new
            {
                v.Rule.Name,
                Status = v.Status.ToString(),
                Why = v.Why.ToString(),
                Explanation = v.Explain(),
                Baseline = v.Baseline is { } b ? new { b.Value, Origin = b.Origin.ToString(), b.Description } : null,
            }),
            Sources = w.Sources.Select(src => new { src.Source, src.Blind, src.ConsecutiveErrors, src.Errors, src.FailingSince, src.LastReason }),
            PushedAlerts = w.PushedAlerts.Select(a => new { a.Source, a.Key, Meaning = a.Meaning.ToString(), a.Summary, a.StartsAt }),
            Live = w.Live is { } live ? new { live.Id, live.Version } : null,
            // The post-deploy watch of the newest release began when it was first seen live (at once when a platform said so).
            LiveSince = w.DeployChanges is [.., var newest] ? newest.At : (DateTimeOffset?)null,
            Deploys = w.DeployNotes.Select(n => new { n.At, n.Text }),
        }));

        read.MapGet("/api/incidents", async (IIncidentStore store, int? limit, CancellationToken ct) =>
            (await store.ListAsync(Math.Clamp(limit ?? 50, 1, 500), ct)).Select(IncidentView.Summary));

        read.MapGet("/api/incidents/{id}", async (string id, IIncidentStore store, HttpContext http, WatchdogSettings settings, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } incident
                ? Results.Ok(IncidentView.Full(incident, ReadAccess.Trusted(http, settings)))
                : Results.NotFound(new { error = $"no incident {id}" }));

        read.MapGet("/api/incidents/{id}/postmortem", async (string id, IIncidentStore store, HttpContext http, WatchdogSettings settings, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } incident
                ? Results.Text(PostMortem.Draft(incident, ReadAccess.Trusted(http, settings) ? null : ReadAccess.ForAnonymous), "text/markdown; charset=utf-8")
                : Results.NotFound(new { error = $"no incident {id}" }));

        read.MapGet("/api/incidents/{id}/notice", async (string id, IIncidentStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is not { } incident ? Results.NotFound(new { error = $"no incident {id}" })
            : UserNotice.Draft(incident) is { } notice ? Results.Text(notice, "text/markdown; charset=utf-8")
            : Results.NotFound(new { error = $"no notice to users drafted for {id}: the service was not down and no data was at risk" }));

        // For CI to poll before deploying (seed 1: "DO NOT deploy anything until rollback complete").
        // 423 Locked while frozen, so `curl --fail` is all a pipeline needs.
        read.MapGet("/api/freeze", (WatchdogRuntime runtime, string? service) =>
        {
            var watches = runtime.Watches.Where(w => service is null || w.Service.Equals(service, StringComparison.OrdinalIgnoreCase)).ToList();
            if (service is not null && watches.Count == 0) return Results.NotFound(new { error = $"no service named '{service}'" });
            var freeze = DeployFreeze.Of(watches, w => w.Drilling);
            var body = new { frozen = freeze.Frozen, reason = freeze.Why, services = freeze.Services };
            return Results.Json(body, statusCode: freeze.Frozen ? StatusCodes.Status423Locked : StatusCodes.Status200OK);
        });

        app.MapTriggers();
        app.MapHooks();
        app.MapDeployHooks();
        app.MapFlagHooks();
        app.MapIncidentActions();
        app.MapServiceRollback();
        app.MapActionLinks();
        app.MapDrills();
        return app;
    }
}
