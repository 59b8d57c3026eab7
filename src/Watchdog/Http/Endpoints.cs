using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;
using Watchdog.Hosting;
using Watchdog.Metrics;

namespace Watchdog.Http;

/// <summary>The HTTP surface on Kestrel's one port: probes, metrics, and the incidents API.</summary>
public static class Endpoints
{
    public static IEndpointRouteBuilder MapWatchdog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (WatchdogRuntime runtime) => runtime.Ready
            ? Results.Text("ready\n")
            : Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", (WatchdogMetrics metrics) => Results.Text(metrics.Scrape(), PrometheusExporter.ContentType));

        app.MapGet("/api/services", (WatchdogRuntime runtime) => runtime.Watches.Select(w => new
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
            }),
            Rules = w.Verdicts.Select(v => new { v.Rule.Name, Status = v.Status.ToString(), Why = v.Why.ToString(), Explanation = v.Explain() }),
            Sources = w.Sources.Select(src => new { src.Source, src.Blind, src.ConsecutiveErrors, src.Errors, src.FailingSince, src.LastReason }),
            PushedAlerts = w.PushedAlerts.Select(a => new { a.Source, a.Key, Meaning = a.Meaning.ToString(), a.Summary, a.StartsAt }),
        }));

        app.MapGet("/api/incidents", async (IIncidentStore store, int? limit, CancellationToken ct) =>
            (await store.ListAsync(Math.Clamp(limit ?? 50, 1, 500), ct)).Select(IncidentView.Summary));

        app.MapGet("/api/incidents/{id}", async (string id, IIncidentStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } incident ? Results.Ok(IncidentView.Full(incident)) : Results.NotFound(new { error = $"no incident {id}" }));

        app.MapGet("/api/incidents/{id}/postmortem", async (string id, IIncidentStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } incident
                ? Results.Text(PostMortem.Draft(incident), "text/markdown; charset=utf-8")
                : Results.NotFound(new { error = $"no incident {id}" }));

        // For CI to poll before deploying (seed 1: "DO NOT deploy anything until rollback complete").
        // 423 Locked while frozen, so `curl --fail` is all a pipeline needs.
        app.MapGet("/api/freeze", (WatchdogRuntime runtime, string? service) =>
        {
            var watches = runtime.Watches.Where(w => service is null || w.Service.Equals(service, StringComparison.OrdinalIgnoreCase)).ToList();
            if (service is not null && watches.Count == 0) return Results.NotFound(new { error = $"no service named '{service}'" });
            // A drill too: a deploy in the middle of one would be undone when it rolls forward.
            var frozen = watches.Where(w => w.OpenIncidentId is not null || runtime.Hold(w).Held)
                .Select(w => new { w.Service, Incident = w.OpenIncidentId, Drill = runtime.Hold(w).Held }).ToList();
            var reason = frozen.All(f => f.Incident is null) ? "a drill is under way: do not deploy until it is over" : "an incident is open: do not deploy until it is resolved";
            var body = new { frozen = frozen.Count > 0, reason = frozen.Count > 0 ? reason : null, services = frozen };
            return Results.Json(body, statusCode: frozen.Count > 0 ? StatusCodes.Status423Locked : StatusCodes.Status200OK);
        });

        app.MapTriggers();
        app.MapHooks();
        app.MapIncidentActions();
        app.MapDrills();
        return app;
    }
}
