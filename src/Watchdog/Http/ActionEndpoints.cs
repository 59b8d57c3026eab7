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
            var (person, refusal) = await PersonRequest.ReadAsync(request, settings, "actions", ct);
            if (refusal is not null) return refusal;
            var by = person!.By;
            if (runtime.Watches.FirstOrDefault(w => w.OpenIncidentId == id) is not { } watch)
                return ApiResults.NotFound($"no open incident {id}");

            var (answer, detail) = await act(watch, id, by, ct);
            return Answered(answer, detail, new ActionAccepted(id, action, detail));
        });

    /// <summary>
    /// A person's rollback of a service (<c>{"by", "to"}</c>, <c>to</c> optional): an incident of its own, through the
    /// same runbook and mode as any other. 202 with the incident; 409 while an incident is open or a drill runs.
    /// </summary>
    public static IEndpointRouteBuilder MapServiceRollback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/services/{service}/rollback", async (string service, HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, CancellationToken ct) =>
        {
            var (person, refusal) = await PersonRequest.ReadAsync(request, settings, "actions", ct);
            if (refusal is not null) return refusal;
            if (runtime.Find(service) is not { } watch)
                return ApiResults.NotFound($"no service named '{service}' (watched: {string.Join(", ", runtime.Watches.Select(w => w.Service))})");
            var (answer, detail) = await watch.RollBackAsync(person!.By, person.To, ct);
            return Answered(answer, detail, new RollbackAccepted(watch.Service, watch.OpenIncidentId, detail));
        });
        return app;
    }

    private static IResult Answered<T>(ServiceWatch.Answer answer, string detail, T accepted) => answer switch
    {
        ServiceWatch.Answer.Done => ApiResults.Json(accepted, StatusCodes.Status202Accepted),
        ServiceWatch.Answer.NoSuchIncident => ApiResults.NotFound(detail),
        _ => ApiResults.Error(detail, StatusCodes.Status409Conflict),
    };
}
