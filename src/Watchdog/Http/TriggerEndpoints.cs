using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Hosting;

namespace Watchdog.Http;

/// <summary>
/// <c>POST /api/triggers</c>: a person says what no metric can ("security breach", "data at risk").
/// The trip takes the same way as any other: policy, budget, mode, runbook.
/// </summary>
public static class TriggerEndpoints
{
    /// <summary>The body: service, meaning, summary; <c>status</c> "resolved" withdraws a trigger raised with the same <c>key</c>.</summary>
    public sealed record ManualTrigger(string? Service, string? Meaning, string? Summary, string? Status, string? Key, string? By);

    public const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapTriggers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/triggers", async (HttpRequest request, WatchdogSettings settings, WatchdogRuntime runtime, TimeProvider time, CancellationToken ct) =>
        {
            if (!BearerToken.Matches(request, settings.ApiToken))
                return ApiResults.Error(settings.ApiToken is null ? "manual triggers are off: set Watchdog:Api:Token" : "missing or wrong bearer token", StatusCodes.Status401Unauthorized);

            var (trigger, problem) = await ReadAsync(request, ct);
            if (problem is not null) return ApiResults.BadRequest(problem);
            if (runtime.Find(trigger!.Service!) is not { } watch)
                return ApiResults.NotFound($"no service named '{trigger.Service}' (watched: {string.Join(", ", runtime.Watches.Select(w => w.Service))})");

            var meaning = Enum.Parse<Meaning>(trigger.Meaning!, ignoreCase: true);
            var status = string.Equals(trigger.Status, "resolved", StringComparison.OrdinalIgnoreCase) ? AlertStatus.Resolved : AlertStatus.Firing;
            var summary = $"manual: {(string.IsNullOrWhiteSpace(trigger.Summary) ? "withdrawn" : trigger.Summary)}" + (trigger.By is { Length: > 0 } by ? $" (raised by {by})" : "");
            var raised = await watch.RaiseAsync(new PushedAlert(watch.Service, trigger.Key ?? meaning.ToString(), "manual", status, meaning, summary, time.GetUtcNow()), ct);
            return ApiResults.Json(new TriggerAccepted(
                watch.Service,
                status.ToString(),
                watch.OpenIncidentId,
                raised.Outcome != RaiseOutcome.HeldForDrill ? null : "a drill of this service is under way; the trigger is raised when it ends",
                raised.Outcome == RaiseOutcome.Passed ? raised.Reason : null), StatusCodes.Status202Accepted);
        });
        return app;
    }

    private static async Task<(ManualTrigger?, string?)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (await RequestBody.ReadAsync(request, MaxBodyBytes, ct) is not { } body) return (null, $"body larger than {MaxBodyBytes} bytes");
        ManualTrigger? t;
        try
        {
            t = JsonSerializer.Deserialize(body, ApiJson.Default.ManualTrigger);
        }
        catch (JsonException e)
        {
            return (null, $"body is not valid JSON: {e.Message}");
        }

        if (t is null) return (null, "body is empty");
        if (string.IsNullOrWhiteSpace(t.Service)) return (null, "service is required");
        if (!Enum.TryParse<Meaning>(t.Meaning, ignoreCase: true, out var m) || !Enum.IsDefined(m) || int.TryParse(t.Meaning, out _))
            return (null, $"meaning must be one of {string.Join(", ", Enum.GetNames<Meaning>())}");
        if (t.Status is { } s && !s.Equals("firing", StringComparison.OrdinalIgnoreCase) && !s.Equals("resolved", StringComparison.OrdinalIgnoreCase))
            return (null, "status must be firing or resolved");
        // Withdrawing a trigger says nothing new; raising one must say what is wrong.
        if (string.IsNullOrWhiteSpace(t.Summary) && !string.Equals(t.Status, "resolved", StringComparison.OrdinalIgnoreCase))
            return (null, "summary is required: say what is wrong");
        return (t, null);
    }
}
