using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Flags;

/// <summary>
/// LaunchDarkly's REST API on Kestrel, as API-NOTES.md §10 documents it: <c>PATCH /api/v2/flags/{projectKey}/{flagKey}</c>
/// with the token itself in <c>Authorization</c>, <c>LD-API-Version</c>, and a semantic patch (the <c>domain-model</c>
/// media type, <c>environmentKey</c>, <c>turnFlagOff</c>). It answers as LaunchDarkly does: 401, 400 for a body read as a
/// JSON Patch, 404 for an unknown flag, 405 where approvals are required, 200 with the flag otherwise.
/// </summary>
internal sealed class LaunchDarklyPeer : IAsyncDisposable
{
    public const string Token = "api-7c1f3b2e-5d4a-4e8b-9f60-1a2b3c4d5e6f";
    public const string Project = "shop";
    public const string Environment = "production";

    private readonly Dictionary<string, bool> _on = new(StringComparer.Ordinal);
    private TestPeer _peer = null!;

    /// <summary>Flags whose production changes need an approval: a PATCH is answered 405.</summary>
    public HashSet<string> NeedApproval { get; } = [];

    public int Changes { get; private set; }

    public Uri BaseUrl => _peer.BaseAddress;

    public bool IsOff(string flag)
    {
        lock (_on) return _on.TryGetValue(flag, out var on) && !on;
    }

    public static async Task<LaunchDarklyPeer> StartAsync(PeerFront front, params string[] flags)
    {
        var ld = new LaunchDarklyPeer();
        foreach (var f in flags) ld._on[f] = true;
        ld._peer = await TestPeer.StartAsync(app =>
        {
            app.MapMethods("/api/v2/flags/{project}/{flag}", ["PATCH"], ld.PatchAsync);
            app.MapGet("/api/v2/flags/{project}", ld.List);
        }, front.Middleware);
        return ld;
    }

    /// <summary>When each flag's production environment last changed (ms), and its version there: bumped by every change.</summary>
    private readonly Dictionary<string, (long Modified, int Version)> _changed = new(StringComparer.Ordinal);

    /// <summary>A person turns <paramref name="flag"/> on (or off) in production at <paramref name="at"/>, as the UI would.</summary>
    public void Set(string flag, bool on, DateTimeOffset at)
    {
        lock (_on)
        {
            _on[flag] = on;
            var version = _changed.TryGetValue(flag, out var c) ? c.Version + 1 : 2;
            _changed[flag] = (at.ToUnixTimeMilliseconds(), version);
        }
    }

    /// <summary>
    /// <c>GET /api/v2/flags/{projectKey}?env=…&amp;limit=…&amp;offset=…</c>: <c>{items, totalCount, _links}</c>, each item's
    /// <c>environments.{env}</c> holding <c>on</c>, <c>lastModified</c> (ms) and <c>version</c>; flags in key order.
    /// </summary>
    private IResult List(HttpContext context, string project)
    {
        if (context.Request.Headers.Authorization.ToString() != Token) return Error(401, "unauthorized", "Invalid access token");
        if (project != Project) return Error(404, "not_found", "Unknown resource");
        var q = context.Request.Query;
        var limit = int.TryParse(q["limit"], out var l) ? Math.Min(l, 100) : 20;
        var offset = int.TryParse(q["offset"], out var o) ? o : 0;
        string env = q["env"].ToString();
        ListCalls++;
        lock (_on)
        {
            var items = new JsonArray();
            foreach (var (key, on) in _on.OrderBy(f => f.Key, StringComparer.Ordinal).Skip(offset).Take(limit))
            {
                var (modified, version) = _changed.TryGetValue(key, out var c) ? c : (1_700_000_000_000L, 1);
                var item = new JsonObject { ["key"] = key, ["_version"] = version };
                if (env.Length > 0)
                    item["environments"] = new JsonObject { [env] = new JsonObject { ["on"] = env == Environment && on, ["lastModified"] = modified, ["version"] = version } };
                items.Add(item);
            }

            return Results.Json(new JsonObject { ["items"] = items, ["totalCount"] = _on.Count, ["_links"] = new JsonObject() });
        }
    }

    public int ListCalls { get; private set; }

    private async Task<IResult> PatchAsync(HttpContext context, string project, string flag)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString() != Token)
            return Error(401, "unauthorized", "Invalid access token");
        if (string.IsNullOrEmpty(request.Headers["LD-API-Version"]))
            return Error(400, "invalid_request", "LD-API-Version header is required");
        var json = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject;
        if (request.ContentType?.Contains("domain-model=launchdarkly.semanticpatch", StringComparison.Ordinal) != true)
            return Error(400, "invalid_request", "Invalid JSON Patch");
        if (json?["environmentKey"]?.GetValue<string>() is not { } env || env != Environment)
            return Error(400, "invalid_request", "environmentKey is required for turnFlagOff");
        if (json["instructions"] is not JsonArray { Count: 1 } list || list[0]?["kind"]?.GetValue<string>() != "turnFlagOff")
            return Error(400, "invalid_request", "unsupported instructions");

        lock (_on)
        {
            if (project != Project || !_on.ContainsKey(flag)) return Error(404, "not_found", "Unknown resource");
            if (NeedApproval.Contains(flag)) return Error(405, "method_not_allowed", "Approval is required to make this request");
            if (_on[flag]) Changes++;
            _on[flag] = false;
        }

        return Results.Json(new JsonObject
        {
            ["key"] = flag,
            ["_version"] = 2,
            ["environments"] = new JsonObject { [Environment] = new JsonObject { ["on"] = false, ["version"] = 2 } },
        });
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["code"] = code, ["message"] = message, ["id"] = Guid.NewGuid().ToString() }, statusCode: status);

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
