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
                return Results.NotFound(new { error = $"no service named '{service}' (watched: {string.Join(", ", runtime.Watches.Select(w => w.Service))})" });
            if (runtime.Drills.Configured(watch.Service) is not { } drill)
                return Results.NotFound(new { error = $"{watch.Service} is not configured for drills: a drill rolls back for real, so name it under Watchdog:Drills first" });
            if (!runtime.Ready)
                return Results.Json(new { error = "Watchdog is still starting" }, statusCode: StatusCodes.Status503ServiceUnavailable);

            var opened = new TaskCompletionSource<(string Id, bool Open)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = runtime.Drills.Start(watch.Service, new DrillRequest($"api ({by})", drill.RollForward), i => opened.TrySetResult((i.Id, i.IsOpen)), lifetime.ApplicationStopping);
            await Task.WhenAny(opened.Task, run);
            if (opened.Task.IsCompletedSuccessfully && opened.Task.Result is { Open: true } started)
                return Results.Accepted($"/api/incidents/{started.Id}", new { service = watch.Service, incident = started.Id, status = "started" });

            // Skipped, or over at once (the provider could not say what is live): the report says which.
            var report = await run;
            return Results.Json(new { service = watch.Service, incident = report.IncidentId, outcome = report.Outcome.ToString(), summary = report.Summary },
                statusCode: report.Outcome == DrillOutcome.Skipped ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
        });
        return app;
    }
}
