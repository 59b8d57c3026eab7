using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// PagerDuty's Events API v2 on Kestrel (API-NOTES.md §6.3): <c>POST /v2/enqueue</c> checks each event as PagerDuty
/// does, answering 400 <c>{"status","message","errors"}</c> for an invalid one and 202 <c>{"status":"success",…,"dedup_key"}</c>
/// for a valid one, unless a test scripts another answer (429, 5xx, a hang, an endless body).
/// </summary>
internal sealed class PagerDutyPeer : IAsyncDisposable
{
    /// <summary>An integration key as PagerDuty issues them: 32 characters. It must never show in errors or logs.</summary>
    public const string RoutingKey = "e93facc04764012d7bfb002500d5d1a6";

    private static readonly string[] Severities = ["critical", "error", "warning", "info"];
    private static readonly string[] Actions = ["trigger", "acknowledge", "resolve"];

    private readonly List<JsonObject> _received = [];
    private readonly List<JsonObject> _accepted = [];
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestPeer _peer = null!;

    public Uri BaseUrl => _peer.BaseAddress;

    /// <summary>Every JSON body that reached <c>/v2/enqueue</c>, in order, whatever it was answered.</summary>
    public IReadOnlyList<JsonObject> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>The events answered 202 success.</summary>
    public IReadOnlyList<JsonObject> Accepted
    {
        get { lock (_accepted) return [.. _accepted]; }
    }

    public Task FirstRequest => _arrived.Task;

    /// <param name="scripted">
    /// Answers to the first requests in turn, in place of PagerDuty's own; later requests get the real treatment.
    /// </param>
    public static Task<PagerDutyPeer> StartAsync(params PeerReply[] scripted) => StartAsync(null, scripted);

    public static async Task<PagerDutyPeer> StartAsync(PeerFront? front, params PeerReply[] scripted)
    {
        var pagerDuty = new PagerDutyPeer();
        var count = 0;
        pagerDuty._peer = await TestPeer.StartAsync(app => app.MapPost("/v2/enqueue", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync();
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(raw) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
            }

            if (body is not null)
            {
                lock (pagerDuty._received) pagerDuty._received.Add(body);
            }

            pagerDuty._arrived.TrySetResult();
            var n = Interlocked.Increment(ref count);
            if (n <= scripted.Length)
            {
                await scripted[n - 1].WriteAsync(context.Response);
                return;
            }

            var errors = body is null ? ["Invalid JSON"] : Check(body, context.Request.ContentType).ToList();
            if (errors.Count > 0)
            {
                await Invalid(errors).WriteAsync(context.Response);
                return;
            }

            lock (pagerDuty._accepted) pagerDuty._accepted.Add(body!);
            var dedup = Text(body!["dedup_key"]) ?? Guid.NewGuid().ToString("N");
            await PeerReply.Json(202, new JsonObject { ["status"] = "success", ["message"] = "Event processed", ["dedup_key"] = dedup }.ToJsonString())
                .WriteAsync(context.Response);
        }), front?.Middleware);
        return pagerDuty;
    }

    /// <summary>PagerDuty's answer to an event it will not take.</summary>
    public static PeerReply Invalid(IEnumerable<string> errors) => PeerReply.Json(400,
        new JsonObject { ["status"] = "invalid event", ["message"] = "Event object is invalid", ["errors"] = new JsonArray([.. errors.Select(e => JsonValue.Create(e))]) }.ToJsonString());

    public static PeerReply Throttled() => PeerReply.Json(429, """{"status":"throttle event","message":"Requests for this service are arriving too quickly.  Please retry later."}""");

    /// <summary>The required fields and limits of API-NOTES.md §6.3.</summary>
    private static IEnumerable<string> Check(JsonObject e, string? contentType)
    {
        if (contentType?.StartsWith("application/json", StringComparison.Ordinal) != true) yield return "Content-Type must be application/json";
        if (Text(e["routing_key"]) is not { Length: 32 }) yield return "Length of 'routing_key' is incorrect (should be 32 characters)";
        else if (Text(e["routing_key"]) != RoutingKey) yield return "Invalid routing key";
        var action = Text(e["event_action"]);
        if (!Actions.Contains(action)) yield return "'event_action' is missing or invalid";
        if (Text(e["dedup_key"]) is { Length: > 255 }) yield return "'dedup_key' is too long (max 255 characters)";
        if (action == "trigger")
        {
            var payload = e["payload"] as JsonObject;
            if (Text(payload?["summary"]) is not { Length: > 0 } summary || string.IsNullOrWhiteSpace(summary)) yield return "'payload.summary' is missing or blank";
            else if (summary.Length > 1024) yield return "'payload.summary' is too long (max 1024 characters)";
            if (string.IsNullOrWhiteSpace(Text(payload?["source"]))) yield return "'payload.source' is missing or blank";
            if (!Severities.Contains(Text(payload?["severity"]))) yield return "'payload.severity' is missing or blank";
        }
        else if (action != null && Text(e["dedup_key"]) is null)
        {
            yield return $"'dedup_key' is required for {action}";
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
