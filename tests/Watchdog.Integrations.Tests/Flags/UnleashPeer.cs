using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>
/// Unleash's Admin API on Kestrel, as API-NOTES.md §10 documents it:
/// <c>POST /api/admin/projects/{projectId}/features/{featureName}/environments/{environment}/off</c> with the raw token in
/// <c>Authorization</c>. It answers as the handler does: an empty 200, 401 without a valid token, 404 for an unknown
/// toggle or environment, with Unleash's <c>{name, message}</c> error bodies.
/// </summary>
internal sealed class UnleashPeer : IAsyncDisposable
{
    public const string Token = "*:production.4b7d1e0a9c3f2b6d8e5a1c7f9b3d2e6a4c8f0b1d";
    public const string Project = "default";
    public const string Environment = "production";

    private readonly Dictionary<string, bool> _enabled = new(StringComparer.Ordinal);
    private TestPeer _peer = null!;

    public int Changes { get; private set; }

    public Uri BaseUrl => _peer.BaseAddress;

    public bool IsOff(string flag)
    {
        lock (_enabled) return _enabled.TryGetValue(flag, out var on) && !on;
    }

    public static async Task<UnleashPeer> StartAsync(PeerFront front, params string[] flags)
    {
        var unleash = new UnleashPeer();
        foreach (var f in flags) unleash._enabled[f] = true;
        unleash._peer = await TestPeer.StartAsync(app =>
        {
            app.MapPost("/api/admin/projects/{project}/features/{feature}/environments/{environment}/off", unleash.Off);
            app.MapGet("/api/admin/projects/{project}/features", unleash.Features);
        }, front.Middleware);
        return unleash;
    }

    /// <summary>A person enables (or disables) <paramref name="flag"/> in production.</summary>
    public void Set(string flag, bool enabled)
    {
        lock (_enabled) _enabled[flag] = enabled;
    }

    /// <summary><c>GET /api/admin/projects/{projectId}/features</c>: <c>{version, features: [{name, environments: [{name, enabled}]}]}</c>.</summary>
    private IResult Features(HttpContext context, string project)
    {
        if (context.Request.Headers.Authorization.ToString() != Token)
            return Error(401, "AuthenticationRequired", "You must log in to use Unleash. Your request had no authorization header.");
        if (project != Project) return Error(404, "NotFoundError", $"Could not find project with id {project}");
        lock (_enabled)
        {
            var features = new JsonArray();
            foreach (var (name, on) in _enabled)
            {
                features.Add(new JsonObject
                {
                    ["name"] = name,
                    ["type"] = "release",
                    ["environments"] = new JsonArray(
                        new JsonObject { ["name"] = "development", ["enabled"] = true },
                        new JsonObject { ["name"] = Environment, ["enabled"] = on }),
                });
            }

            return Results.Json(new JsonObject { ["version"] = 2, ["features"] = features });
        }
    }

    private IResult Off(HttpContext context, string project, string feature, string environment)
    {
        if (context.Request.Headers.Authorization.ToString() != Token)
            return Error(401, "AuthenticationRequired", "You must log in to use Unleash. Your request had no authorization header.");
        lock (_enabled)
        {
            if (project != Project || !_enabled.ContainsKey(feature))
                return Error(404, "NotFoundError", $"Could not find feature toggle with name {feature}");
            if (environment != Environment)
                return Error(404, "NotFoundError", $"Could not find environment with name: {environment}");
            if (_enabled[feature]) Changes++;
            _enabled[feature] = false;
        }

        return Results.Ok();
    }

    private static IResult Error(int status, string name, string message) =>
        Results.Json(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = name, ["message"] = message }, statusCode: status);

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
