using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// The Statuspage REST API for one page on Kestrel (API-NOTES §6.4). It keeps incidents and component statuses
/// in memory and answers as the notes say: 201 with the incident on create, 200 on update, <c>{"message":…}</c>
/// with 401 for a wrong <c>Authorization: OAuth</c> key, 404 for an unknown page or incident, 422 for a body
/// that breaks the documented rules. Answers queued with <see cref="Enqueue"/> are played first (throttling,
/// garbage). Every request is stamped with the test's clock, so pacing can be checked in fake time.
/// </summary>
internal sealed class StatuspagePeer : IAsyncDisposable
{
    public const string ApiKey = "sp-0123456789abcdefSECRETKEY";
    public const string PageId = "kctbh9vrtdwd";

    private static readonly HashSet<string> Statuses = ["investigating", "identified", "monitoring", "resolved"];
    private static readonly HashSet<string> Impacts = ["none", "maintenance", "minor", "major", "critical"];
    private static readonly HashSet<string> ComponentStatuses = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"];

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly List<Received> _requests = [];
    private readonly Dictionary<string, JsonObject> _incidents = [];
    private readonly Dictionary<string, string> _components;
    private readonly List<(string Component, string Status)> _componentHistory = [];
    private readonly Queue<Canned> _canned = new();
    private TestPeer _peer = null!;
    private int _next;

    private StatuspagePeer(TimeProvider clock, IEnumerable<string> components)
    {
        _clock = clock;
        _components = components.ToDictionary(c => c, _ => "operational");
    }

    /// <summary>One request as it arrived. <c>Body</c> is null when it was not a JSON object.</summary>
    public sealed record Received(string Method, string Path, string? Authorization, JsonObject? Body, DateTimeOffset At, int Answered);

    /// <summary>An answer to play instead of the API's own.</summary>
    public sealed record Canned(int Status, string Body, string ContentType = "application/json", string? RetryAfter = null);

    /// <summary>The base URL to configure (the API's <c>/v1</c>).</summary>
    public Uri BaseUrl => _peer.Url("v1");

    /// <summary>Pads every incident answer with this many characters of update text after its <c>id</c> (a long-running incident).</summary>
    public int PadAnswersBy { get; set; }

    public IReadOnlyList<Received> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    public IReadOnlyList<JsonObject> Incidents
    {
        get { lock (_lock) return [.. _incidents.Values.Select(i => (JsonObject)i.DeepClone())]; }
    }

    public string ComponentStatus(string id)
    {
        lock (_lock) return _components[id];
    }

    /// <summary>Every status a component was set to, in order.</summary>
    public IReadOnlyList<(string Component, string Status)> ComponentHistory
    {
        get { lock (_lock) return [.. _componentHistory]; }
    }

    public void Enqueue(params Canned[] answers)
    {
        lock (_lock)
        {
            foreach (var a in answers) _canned.Enqueue(a);
        }
    }

    public static Task<StatuspagePeer> StartAsync(TimeProvider clock, params string[] components) => StartAsync(null, clock, components);

    public static async Task<StatuspagePeer> StartAsync(PeerFront? front, TimeProvider clock, params string[] components)
    {
        var api = new StatuspagePeer(clock, components);
        api._peer = await TestPeer.StartAsync(app =>
        {
            app.MapPost("/v1/pages/{page}/incidents", (HttpContext ctx, string page) => api.HandleAsync(ctx, page, null));
            app.MapPatch("/v1/pages/{page}/incidents/{id}", (HttpContext ctx, string page, string id) => api.HandleAsync(ctx, page, id));
        }, front?.Middleware);
        return api;
    }

    private async Task HandleAsync(HttpContext ctx, string page, string? incidentId)
    {
        JsonObject? body = null;
        try
        {
            body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
        }

        var (status, answer, contentType, retryAfter) = Answer(ctx, page, incidentId, body);
        lock (_lock)
            _requests.Add(new Received(ctx.Request.Method, ctx.Request.Path, ctx.Request.Headers.Authorization.ToString(), body, _clock.GetUtcNow(), status));
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
        await ctx.Response.WriteAsync(answer);
    }

    private (int, string, string, string?) Answer(HttpContext ctx, string page, string? incidentId, JsonObject? body)
    {
        lock (_lock)
        {
            if (_canned.TryDequeue(out var canned)) return (canned.Status, canned.Body, canned.ContentType, canned.RetryAfter);
            if (ctx.Request.Headers.Authorization.ToString() != "OAuth " + ApiKey) return Error(401, "Could not authenticate");
            if (page != PageId) return Error(404, "The requested resource could not be found.");
            if (incidentId is not null && !_incidents.ContainsKey(incidentId)) return Error(404, "The requested resource could not be found.");
            if (ctx.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true || body?["incident"] is not JsonObject incident)
                return Error(400, "incident is missing");
            if (Invalid(incident, creating: incidentId is null) is { } problem) return Error(422, problem);

            foreach (var (component, state) in incident["components"]?.AsObject() ?? [])
            {
                _components[component] = state!.GetValue<string>();
                _componentHistory.Add((component, _components[component]));
            }

            if (incidentId is null)
            {
                var id = "inc" + (++_next).ToString("D4", CultureInfo.InvariantCulture);
                _incidents[id] = Incident(id, incident);
                return (201, Render(_incidents[id]), "application/json", null);
            }

            var stored = _incidents[incidentId];
            stored["status"] = incident["status"]!.GetValue<string>();
            stored["incident_updates"]!.AsArray().Insert(0, Update(incident));
            if (incident["status"]!.GetValue<string>() == "resolved") stored["resolved_at"] = _clock.GetUtcNow().ToString("O");
            return (200, Render(stored), "application/json", null);
        }
    }

    /// <summary>The documented rules (§6.4) a create or update body must keep.</summary>
    private string? Invalid(JsonObject incident, bool creating)
    {
        var name = incident["name"]?.GetValue<string>();
        if (creating && string.IsNullOrWhiteSpace(name)) return "Name can't be blank";
        if (name is { Length: > 255 }) return "Name is too long (maximum is 255 characters)";
        if (incident["status"]?.GetValue<string>() is not { } status || !Statuses.Contains(status)) return "Status is not included in the list";
        if (incident["body"]?.GetValue<string>() is { Length: > 25_000 }) return "Body is too long (maximum is 25000 characters)";
        if (incident["impact_override"] is { } impact && !Impacts.Contains(impact.GetValue<string>())) return "Impact override is not included in the list";
        if (incident["metadata"] is JsonObject metadata && metadata.Any(kv => kv.Value is not JsonObject)) return "Metadata values must be objects";
        foreach (var id in incident["component_ids"]?.AsArray().Select(c => c!.GetValue<string>()) ?? [])
            if (!_components.ContainsKey(id)) return $"Component {id} not found";
        foreach (var (id, state) in incident["components"]?.AsObject() ?? [])
        {
            if (!_components.ContainsKey(id)) return $"Component {id} not found";
            if (!ComponentStatuses.Contains(state!.GetValue<string>())) return "Component status is not included in the list";
        }

        return null;
    }

    private JsonObject Incident(string id, JsonObject incident)
    {
        var now = _clock.GetUtcNow().ToString("O");
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = incident["name"]!.GetValue<string>(),
            ["status"] = incident["status"]!.GetValue<string>(),
            ["impact"] = incident["impact_override"]?.GetValue<string>() ?? "none",
            ["impact_override"] = incident["impact_override"]?.DeepClone(),
            ["shortlink"] = "https://stspg.io/" + id,
            ["created_at"] = now,
            ["updated_at"] = now,
            ["monitoring_at"] = null,
            ["resolved_at"] = null,
            ["page_id"] = PageId,
            ["components"] = new JsonArray([.. (incident["component_ids"]?.AsArray() ?? []).Select(c => (JsonNode)new JsonObject { ["id"] = c!.DeepClone() })]),
            ["incident_updates"] = new JsonArray(Update(incident)),
            ["metadata"] = incident["metadata"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private JsonObject Update(JsonObject incident) => new()
    {
        ["status"] = incident["status"]!.GetValue<string>(),
        ["body"] = incident["body"]?.GetValue<string>(),
        ["created_at"] = _clock.GetUtcNow().ToString("O"),
    };

    private string Render(JsonObject incident)
    {
        if (PadAnswersBy == 0) return incident.ToJsonString();
        var padded = (JsonObject)incident.DeepClone();
        padded["incident_updates"]!.AsArray().Add(new JsonObject { ["body"] = new string('x', PadAnswersBy) });
        return padded.ToJsonString();
    }

    private static (int, string, string, string?) Error(int status, string message) =>
        (status, new JsonObject { ["message"] = message }.ToJsonString(), "application/json", null);

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
