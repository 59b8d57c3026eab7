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
        ld._peer = await TestPeer.StartAsync(app => app.MapMethods("/api/v2/flags/{project}/{flag}", ["PATCH"], ld.PatchAsync), front.Middleware);
        return ld;
    }

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
