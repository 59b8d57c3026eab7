using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Vercel;

/// <summary>
/// Vercel's REST API (API-NOTES.md §3) on Kestrel over a <see cref="FakePlatform"/>: the project with
/// <c>targets.production</c> and <c>lastAliasRequest</c>, production deployments in pages of at most 20 with
/// <c>pagination.next</c> / <c>until</c>, and instant rollback. Every answer that is not a success uses the
/// <c>{"error":{"code","message"}}</c> envelope. It checks what it receives: the Bearer token, <c>teamId</c>
/// (required for the team's project, refused for a personal one), the project's id where the CLI sends the id,
/// and the rollback's JSON body.
/// </summary>
internal sealed class VercelPeer
{
    public const string Token = "vcp_S3cretT0kenNeverShown";
    public const string ProjectId = "prj_shop7Q2x";
    public const string ProjectName = "shop";
    public const string Team = "team_ops4Kx";

    /// <summary>Vercel serves at most this many per page here, whatever <c>limit</c> asks.</summary>
    public const int MaxPage = 20;

    private readonly Lock _gate = new();
    private readonly List<Seen> _seen = [];
    private AliasJob? _job;

    private VercelPeer(FakePlatform platform, string? teamId)
    {
        Platform = platform;
        TeamId = teamId;
    }

    /// <summary>One request as received, for tests to inspect.</summary>
    public sealed record Seen(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Authorization, string? ContentType, string Body);

    private sealed record AliasJob(string Type, string From, string To, long RequestedAt, bool Fails)
    {
        public int Looks { get; set; }
    }

    public FakePlatform Platform { get; }

    /// <summary>The team owning the project; null for a personal project.</summary>
    public string? TeamId { get; }

    public TestPeer Server { get; private set; } = null!;

    public IReadOnlyList<Seen> Requests
    {
        get { lock (_gate) return [.. _seen]; }
    }

    /// <summary>The next rollback is refused with this status and envelope instead of being accepted.</summary>
    public (int Status, string Code, string Message)? RefuseRollback { get; set; }

    /// <summary>How an accepted rollback is answered: 201 with no body, as the SDK models it (§7 note 8), unless set.</summary>
    public (int Status, string Body) RollbackAnswer { get; set; } = (201, "");

    /// <summary>Accepted rollbacks then fail in the background: <c>lastAliasRequest</c> goes pending, then failed; nothing moves.</summary>
    public bool AliasJobsFail { get; set; }

    /// <summary>
    /// While an alias job runs, <c>targets.production</c> already names its target: whether Vercel does so is not
    /// documented, so the provider must not depend on either behaviour.
    /// </summary>
    public bool TargetNamedWhileJobRuns { get; set; }

    /// <summary>
    /// The project's <c>autoAssignCustomDomains</c> (§11): a rollback turns it off, a promote on again, a PATCH sets it.
    /// Null leaves the field out of the project.
    /// </summary>
    public bool? AutoAssign { get; set; } = true;

    /// <summary>
    /// Whether a promote turns <c>autoAssignCustomDomains</c> back on. Vercel documents that it does for "Undo Rollback";
    /// API-NOTES §11 calls the API's doing so an inference, so a provider must check rather than assume.
    /// </summary>
    public bool PromoteRestoresAutoAssign { get; set; } = true;

    /// <summary>Bodies of <c>PATCH /v9/projects/{id}</c>, as received.</summary>
    public List<string> Patches { get; } = [];

    /// <summary>Deployments listed without <c>meta</c> (as a CLI upload has no git keys).</summary>
    public HashSet<string> WithoutMeta { get; } = [];

    /// <summary>Per deployment id: <c>readySubstate</c> instead of PROMOTED (a READY production deployment that served); null leaves it out.</summary>
    public Dictionary<string, string?> ReadySubstates { get; } = [];

    /// <summary>Per deployment id: <c>isRollbackCandidate</c> instead of its <c>CanRollback</c> (null renders JSON null).</summary>
    public Dictionary<string, bool?> RollbackCandidates { get; } = [];

    /// <summary>A broken cursor: <c>pagination.next</c> never moves past the <c>until</c> it was given.</summary>
    public bool StuckCursor { get; set; }

    /// <summary>Error messages quote the Authorization header they got, as a careless API might.</summary>
    public bool EchoCredentials { get; set; }

    public static async Task<VercelPeer> StartAsync(FakePlatform platform, string? teamId = Team)
    {
        var peer = new VercelPeer(platform, teamId);
        peer.Server = await TestPeer.StartAsync(peer.Map);
        return peer;
    }

    private void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v9/projects/{idOrName}", (HttpContext ctx, string idOrName) => Serve(ctx, MalformedProject, _ => GetProject(ctx, idOrName)));
        app.MapGet("/v6/deployments", (Func<HttpContext, Task<IResult>>)(ctx => Serve(ctx, MalformedList, _ => ListDeployments(ctx))));
        // §11: /v1 is the documented rollback path; the CLI's /v9 is not served, so a provider on it fails here.
        app.MapPost("/v1/projects/{projectId}/rollback/{deploymentId}",
            (HttpContext ctx, string projectId, string deploymentId) => Serve(ctx, "{\"error\":{\"co", seen => Rollback(ctx, seen, projectId, deploymentId)));
        app.MapPost("/v10/projects/{projectId}/promote/{deploymentId}",
            (HttpContext ctx, string projectId, string deploymentId) => Serve(ctx, "{\"error\":{\"co", seen => Promote(ctx, seen, projectId, deploymentId)));
        app.MapGet("/v10/projects/{idOrName}/env", (HttpContext ctx, string idOrName) => Serve(ctx, "{\"envs\":[{", _ => ListEnvs(ctx, idOrName)));
        app.MapMethods("/v9/projects/{idOrName}", ["PATCH"], (HttpContext ctx, string idOrName) => Serve(ctx, "{", seen => Patch(ctx, seen, idOrName)));
        app.MapFallback((Func<HttpContext, Task<IResult>>)(ctx => Serve(ctx, "{", _ => Error(ctx, 404, "not_found", "The requested path was not found"))));
    }

    /// <summary>The project's environment variables as Vercel lists them: the value encrypted (here, a stand-in), its targets, <c>updatedAt</c> in ms.</summary>
    public List<(string Key, string Value, string[] Target, DateTimeOffset UpdatedAt)> Envs { get; } = [];

    /// <summary><c>GET /v10/projects/{idOrName}/env</c>: <c>{"envs":[{id, key, type, target, value, updatedAt}]}</c>.</summary>
    private IResult ListEnvs(HttpContext ctx, string idOrName)
    {
        if (idOrName != ProjectId && idOrName != ProjectName) return Error(ctx, 404, "not_found", "Project not found.");
        var envs = new JsonArray();
        lock (_gate)
        {
            foreach (var (key, value, target, updated) in Envs)
            {
                envs.Add(new JsonObject
                {
                    ["id"] = "env_" + key, ["key"] = key, ["type"] = "encrypted", ["value"] = "enc:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)),
                    ["target"] = new JsonArray([.. target.Select(t => (JsonNode)t)]), ["updatedAt"] = updated.ToUnixTimeMilliseconds(),
                });
            }
        }

        return Results.Json(new JsonObject { ["envs"] = envs });
    }

    private const string MalformedProject = "{\"id\":\"" + ProjectId + "\",\"targets\":{\"production\":{\"id\":\"dep-";
    private const string MalformedList = "{\"deployments\":[{\"uid\":\"dep-0";

    /// <summary>What every request goes through first: recorded, a queued fault served, the token and the team checked.</summary>
    private async Task<IResult> Serve(HttpContext ctx, string malformed, Func<Seen, IResult> answer)
    {
        var request = ctx.Request;
        string body;
        using (var reader = new StreamReader(request.Body)) body = await reader.ReadToEndAsync(ctx.RequestAborted);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var seen = new Seen(request.Method, request.Path.Value ?? "", query, request.Headers.Authorization.ToString(), request.ContentType, body);
        lock (_gate) _seen.Add(seen);
        Platform.Record($"{request.Method} {request.Path}");

        switch (Platform.TakeFault())
        {
            case { Kind: FaultKind.RateLimited } f:
                var wait = (int)Math.Ceiling((f.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds);
                var reset = TimeProvider.System.GetUtcNow().AddSeconds(wait);
                ctx.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return Error(ctx, 429, "rate_limited", "Rate limit exceeded", limit: new JsonObject
                {
                    ["remaining"] = 0,
                    ["reset"] = reset.ToUnixTimeSeconds(),
                    ["resetMs"] = reset.ToUnixTimeMilliseconds(),
                    ["total"] = 100,
                });
            case { Kind: FaultKind.ServerError }:
                return Error(ctx, 500, "internal_server_error", "An unexpected internal error occurred");
            case { Kind: FaultKind.Slow } f:
                await Task.Delay(f.Delay ?? TimeSpan.FromSeconds(30), TimeProvider.System, ctx.RequestAborted);
                break;
            case { Kind: FaultKind.Malformed }:
                return Results.Text(malformed, "application/json", statusCode: 200);
            case { Kind: FaultKind.Forbidden }:
                return Error(ctx, 403, "forbidden", $"Not authorized: {request.Headers.Authorization} may not do this");
            case { Kind: FaultKind.NotFound }:
                return Error(ctx, 404, "not_found", "The requested path was not found");
        }

        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
            return Error(ctx, 403, "forbidden", "Not authorized", invalidToken: true);

        query.TryGetValue("teamId", out var team);
        if (TeamId is null && team is not null)
            return Error(ctx, 403, "forbidden", "Not authorized: the token has no access to that team");
        if (TeamId is not null && team != TeamId)
        {
            // A team's project does not exist in the token owner's personal scope.
            return request.Path.StartsWithSegments("/v9/projects")
                ? Error(ctx, 404, "not_found", "Project not found.")
                : Error(ctx, 403, "forbidden", "You don't have permission to list the deployment.");
        }

        return answer(seen);
    }

    private IResult GetProject(HttpContext ctx, string idOrName)
    {
        if (idOrName != ProjectId && idOrName != ProjectName)
            return Error(ctx, 404, "not_found", "Project not found.");

        var (live, rolling) = Platform.Look();
        var named = live;
        JsonObject? job = null;
        lock (_gate)
        {
            if (_job is { } j)
            {
                j.Looks++;
                if (rolling && TargetNamedWhileJobRuns) named = j.To;
                var status = j.Fails ? (j.Looks > 1 ? "failed" : "pending") : rolling ? "in-progress" : "succeeded";
                job = new JsonObject
                {
                    ["fromDeploymentId"] = j.From,
                    ["toDeploymentId"] = j.To,
                    ["jobStatus"] = status,
                    ["requestedAt"] = j.RequestedAt,
                    ["type"] = j.Type,
                };
            }
        }

        var production = Render(Platform.Find(named), idField: "id");
        production["alias"] = new JsonArray("shop.example.com", "shop-ops4kx.vercel.app");
        return Json(new JsonObject
        {
            ["id"] = ProjectId,
            ["name"] = ProjectName,
            ["accountId"] = TeamId ?? "usr_owner1",
            ["framework"] = "nextjs",
            ["targets"] = new JsonObject { ["production"] = production },
            ["lastAliasRequest"] = job,
            ["autoAssignCustomDomains"] = AutoAssign,
            ["autoAssignCustomDomainsUpdatedBy"] = AutoAssign is null ? null : "system",
        });
    }

    private IResult ListDeployments(HttpContext ctx)
    {
        var q = ctx.Request.Query;
        // Stricter than Vercel, which would list every project's deployments: Watchdog must always say which project and target.
        if (string.IsNullOrEmpty(q["projectId"]))
            return Error(ctx, 400, "bad_request", "Invalid request: this peer requires `projectId`.");
        if (q["projectId"] != ProjectId)
            return Error(ctx, 404, "not_found", "Project not found.");
        if (q["target"] != "production")
            return Error(ctx, 400, "bad_request", "Invalid request: this peer requires `target=production`.");

        var limit = MaxPage;
        if (!StringValuesEmpty(q["limit"]) && (!int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
            return Error(ctx, 400, "bad_request", "Invalid request: `limit` should be a number from 1 to 100.");
        long? until = null;
        if (!StringValuesEmpty(q["until"]))
        {
            if (!long.TryParse(q["until"], NumberStyles.None, CultureInfo.InvariantCulture, out var u))
                return Error(ctx, 400, "bad_request", "Invalid request: `until` should be a number.");
            until = u;
        }

        var remaining = Platform.Deployments.Where(d => until is null || Ms(d.CreatedAt) < until).ToList();
        var page = remaining.Take(Math.Min(limit, MaxPage)).ToList();
        long? next = remaining.Count > page.Count ? Ms(page[^1].CreatedAt) : null;
        if (StuckCursor && next is not null && until is not null) next = until;

        return Json(new JsonObject
        {
            ["deployments"] = new JsonArray([.. page.Select(d => (JsonNode)Render(d, idField: "uid"))]),
            ["pagination"] = new JsonObject
            {
                ["count"] = page.Count,
                ["next"] = next,
                ["prev"] = page.Count > 0 ? Ms(page[0].CreatedAt) : null,
            },
        });
    }

    /// <summary>What a rollback and a promote both check: the project's id (the CLI never sends its name), a JSON object body, a known deployment.</summary>
    private IResult? Unfit(HttpContext ctx, Seen seen, string projectId, string deploymentId)
    {
        if (projectId != ProjectId)
            return Error(ctx, 404, "not_found", "Project not found.");
        if (seen.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true || !IsJsonObject(seen.Body))
            return Error(ctx, 400, "bad_request", "Invalid request: the body must be a JSON object.");
        return Platform.Deployments.All(d => d.Id != deploymentId) ? Error(ctx, 404, "not_found", "Deployment not found.") : null;
    }

    private IResult Rollback(HttpContext ctx, Seen seen, string projectId, string deploymentId)
    {
        if (Unfit(ctx, seen, projectId, deploymentId) is { } unfit) return unfit;
        if (RefuseRollback is { } refusal)
            return Error(ctx, refusal.Status, refusal.Code, refusal.Message);

        StartJob("rollback", deploymentId);
        // §11: after a rollback Vercel stops assigning the production domains to new production deployments.
        if (AutoAssign is not null) AutoAssign = false;
        var (status, body) = RollbackAnswer;
        return body.Length == 0 ? Results.StatusCode(status) : Results.Text(body, "application/json", statusCode: status);
    }

    /// <summary>§11 promote: 201, no body; it ends a rolled-back state and restores auto-assignment of the production domains.</summary>
    private IResult Promote(HttpContext ctx, Seen seen, string projectId, string deploymentId)
    {
        if (Unfit(ctx, seen, projectId, deploymentId) is { } unfit) return unfit;
        StartJob("promote", deploymentId);
        if (AutoAssign is not null && PromoteRestoresAutoAssign) AutoAssign = true;
        return Results.StatusCode(201);
    }

    /// <summary><c>PATCH /v9/projects/{idOrName}</c>: only <c>autoAssignCustomDomains</c> is understood here, and it must be a boolean.</summary>
    private IResult Patch(HttpContext ctx, Seen seen, string idOrName)
    {
        if (idOrName != ProjectId && idOrName != ProjectName)
            return Error(ctx, 404, "not_found", "Project not found.");
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(seen.Body);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is not JsonObject o || o["autoAssignCustomDomains"] is not JsonValue v || !v.TryGetValue<bool>(out var on))
            return Error(ctx, 400, "bad_request", "Invalid request: `autoAssignCustomDomains` should be boolean.");
        lock (_gate) Patches.Add(seen.Body);
        AutoAssign = on;
        return Json(new JsonObject { ["id"] = ProjectId, ["name"] = ProjectName, ["autoAssignCustomDomains"] = on });
    }

    private void StartJob(string type, string deploymentId)
    {
        lock (_gate) _job = new AliasJob(type, Platform.Peek().LiveId, deploymentId, Ms(TimeProvider.System.GetUtcNow()), AliasJobsFail);
        if (!AliasJobsFail) Platform.RequestRollback(deploymentId);
    }

    /// <summary>A deployment as §3 lists it (<c>uid</c>), or as the CLI's <c>Project.targets.production</c> types it (<c>id</c>).</summary>
    private JsonObject Render(FakeDeployment d, string idField)
    {
        var created = Ms(d.CreatedAt);
        var state = d.Succeeded ? "READY" : "ERROR";
        var o = new JsonObject
        {
            [idField] = d.Id,
            ["name"] = ProjectName,
            ["projectId"] = ProjectId,
            ["url"] = $"shop-{d.Id}-ops4kx.vercel.app",
            ["inspectorUrl"] = $"https://vercel.com/ops/shop/{d.Id}",
            ["created"] = created,
            ["createdAt"] = created,
            ["buildingAt"] = created + 1_000,
            ["state"] = state,
            ["readyState"] = state,
            ["target"] = "production",
            ["type"] = "LAMBDAS",
            ["source"] = "git",
            ["creator"] = new JsonObject { ["uid"] = "usr_owner1", ["username"] = "ops" },
            ["isRollbackCandidate"] = RollbackCandidates.TryGetValue(d.Id, out var candidate) ? candidate : d.CanRollback,
        };
        if (d.Succeeded)
        {
            o["ready"] = created + 60_000;
            if ((ReadySubstates.TryGetValue(d.Id, out var substate) ? substate : "PROMOTED") is { } shown) o["readySubstate"] = shown;
        }
        else
        {
            o["errorCode"] = "BUILD_FAILED";
            o["errorMessage"] = "Command \"npm run build\" exited with 1";
        }

        if (!WithoutMeta.Contains(d.Id))
        {
            o["meta"] = new JsonObject
            {
                ["githubCommitSha"] = d.Version,
                ["githubCommitRef"] = "main",
                ["githubCommitMessage"] = $"release {d.Version}",
            };
        }

        return o;
    }

    /// <summary>The §3 envelope; a 429 carries <c>error.limit</c>, a bad token <c>invalidToken</c>.</summary>
    private IResult Error(HttpContext ctx, int status, string code, string message, JsonObject? limit = null, bool invalidToken = false)
    {
        if (EchoCredentials) message += $" (you sent {ctx.Request.Headers.Authorization})";
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (limit is not null) error["limit"] = limit;
        if (invalidToken) error["invalidToken"] = true;
        return Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: status);
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json", statusCode: 200);

    private static bool IsJsonObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool StringValuesEmpty(Microsoft.Extensions.Primitives.StringValues v) => string.IsNullOrEmpty(v.ToString());

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
}
