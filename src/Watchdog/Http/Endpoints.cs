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

        read.MapGet("/api/services", (WatchdogRuntime runtime) => ApiResults.Json(runtime.Watches.Select(ServiceViews.Of).ToArray()));
        read.MapGet("/api/rules", async (ShadowScores shadow, WatchdogSettings settings, ILedger ledger, CancellationToken ct) =>
            ApiResults.Json(await RuleRecords.OfAsync(shadow.Report, settings, ledger, ct)));

        var journaled = read.MapGroup("").AddEndpointFilter(JournalRead.FilterAsync);
        journaled.MapGet("/api/incidents", async (IIncidentStore store, int? limit, CancellationToken ct) =>
            ApiResults.Json((await store.ListAsync(Math.Clamp(limit ?? 50, 1, 500), ct)).Select(IncidentView.Summary).ToArray()));

        journaled.MapGet("/api/incidents/{id}", async (string id, IIncidentStore store, HttpContext http, WatchdogSettings settings, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } incident
                ? ApiResults.Json(IncidentView.Full(incident, ReadAccess.Trusted(http, settings)))
                : ApiResults.NotFound($"no incident {id}"));

        journaled.MapGet("/api/incidents/{id}/postmortem", async (string id, IIncidentStore store, HttpContext http, WatchdogSettings settings, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } incident
                ? Results.Text(PostMortem.Draft(incident, ReadAccess.Trusted(http, settings) ? null : ReadAccess.ForAnonymous), "text/markdown; charset=utf-8")
                : ApiResults.NotFound($"no incident {id}"));

        journaled.MapGet("/api/incidents/{id}/notice", async (string id, IIncidentStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is not { } incident ? ApiResults.NotFound($"no incident {id}")
            : UserNotice.Draft(incident) is { } notice ? Results.Text(notice, "text/markdown; charset=utf-8")
            : ApiResults.NotFound($"no notice to users drafted for {id}: the service was not down and no data was at risk"));

        // For CI to poll before deploying (seed 1: "DO NOT deploy anything until rollback complete").
        // 423 Locked while frozen, so `curl --fail` is all a pipeline needs.
        read.MapGet("/api/freeze", (WatchdogRuntime runtime, string? service) =>
        {
            var watches = runtime.Watches.Where(w => service is null || w.Service.Equals(service, StringComparison.OrdinalIgnoreCase)).ToList();
            if (service is not null && watches.Count == 0) return ApiResults.NotFound($"no service named '{service}'");
            var freeze = DeployFreeze.Of(watches, w => w.Drilling);
            return ApiResults.Json(new FreezeAnswer(freeze.Frozen, freeze.Why, freeze.Services), freeze.Frozen ? StatusCodes.Status423Locked : StatusCodes.Status200OK);
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
