using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Watchdog.Configuration;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;

namespace Watchdog.Http;

/// <summary>
/// <c>POST /api/drills/{service}</c>: a person starts a drill now instead of waiting for its schedule. Only a service
/// named under <c>Watchdog:Drills</c> can be drilled, since a drill rolls back for real. The answer comes once the drill's
/// incident is journaled (202, with its id); the drill goes on in the background and reports through the notifiers.
/// </summary>
public static class DrillEndpoints
{
    public static IEndpointRouteBuilder MapDrills(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/drills/{service}", async (string service, HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime,
            IHostApplicationLifetime lifetime, CancellationToken ct) =>
        {
            var (person, refusal) = await PersonRequest.ReadAsync(request, settings, "drills on request", ct);
            if (refusal is not null) return refusal;
            var by = person!.By;
            if (runtime.Find(service) is not { } watch)
                return ApiResults.NotFound($"no service named '{service}' (watched: {string.Join(", ", runtime.Watches.Select(w => w.Service))})");
            if (runtime.Drills.Configured(watch.Service) is not { } drill)
                return ApiResults.NotFound($"{watch.Service} is not configured for drills: a drill rolls back for real, so name it under Watchdog:Drills first");
            if (!runtime.Ready)
                return ApiResults.Error("Watchdog is still starting", StatusCodes.Status503ServiceUnavailable);

            var opened = new TaskCompletionSource<(string Id, bool Open)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = runtime.Drills.Start(watch.Service, new DrillRequest($"api ({by})", drill.RollForward), i => opened.TrySetResult((i.Id, i.IsOpen)), lifetime.ApplicationStopping);
            await Task.WhenAny(opened.Task, run);
            if (opened.Task.IsCompletedSuccessfully && opened.Task.Result is { Open: true } started)
                return ApiResults.Accepted($"/api/incidents/{started.Id}", new DrillStarted(watch.Service, started.Id, "started"));

            // Skipped, or over at once (the provider could not say what is live): the report says which.
            var report = await run;
            return ApiResults.Json(new DrillOver(watch.Service, report.IncidentId, report.Outcome.ToString(), report.Summary),
                report.Outcome == DrillOutcome.Skipped ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
        });
        return app;
    }
}
