using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Configuration;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;

namespace Watchdog.Http;

/// <summary>
/// What people do to an open incident: approve or veto the decided action (Approve mode), and ask for
/// the database restore, which Watchdog never does by itself. Each needs the API token and says who.
/// </summary>
public static class ActionEndpoints
{
    private sealed record Who(string? By);

    public static IEndpointRouteBuilder MapIncidentActions(this IEndpointRouteBuilder app)
    {
        Map(app, "approve", (watch, id, by, ct) => watch.ApproveAsync(id, by, ct));
        Map(app, "veto", (watch, id, by, ct) => watch.VetoAsync(id, by, ct));
        Map(app, "restore-database", (watch, id, by, ct) => watch.RestoreDatabaseAsync(id, by, ct));
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, string action, Func<ServiceWatch, string, string, CancellationToken, Task<(ServiceWatch.Answer, string)>> act) =>
        app.MapPost($"/api/incidents/{{id}}/{action}", async (string id, HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, CancellationToken ct) =>
        {
            if (!BearerToken.Matches(request, settings.ApiToken))
                return Results.Json(new { error = settings.ApiToken is null ? "actions are off: set Watchdog:Api:Token" : "missing or wrong bearer token" }, statusCode: StatusCodes.Status401Unauthorized);
            var body = await RequestBody.ReadAsync(request, 4096, ct);
            Who? who = null;
            try
            {
                who = body is { Length: > 0 } ? JsonSerializer.Deserialize<Who>(body, JsonSerializerOptions.Web) : null;
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"body is not valid JSON: {e.Message}" });
            }

            if (who?.By is not { Length: > 0 } by)
                return Results.BadRequest(new { error = "say who you are: {\"by\": \"your name\"}; it goes into the timeline" });
            if (runtime.Watches.FirstOrDefault(w => w.OpenIncidentId == id) is not { } watch)
                return Results.NotFound(new { error = $"no open incident {id}" });

            var (answer, detail) = await act(watch, id, by, ct);
            return answer switch
            {
                ServiceWatch.Answer.Done => Results.Accepted(value: new { incident = id, action, detail }),
                ServiceWatch.Answer.NoSuchIncident => Results.NotFound(new { error = detail }),
                _ => Results.Conflict(new { error = detail }),
            };
        });
}
