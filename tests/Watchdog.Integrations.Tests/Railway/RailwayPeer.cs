using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>One GraphQL request as the peer received it.</summary>
internal sealed record RailwayRequest(string Operation, string Document, JsonObject Variables, string? Authorization, string? ProjectAccessToken);

/// <summary>
/// Railway's public GraphQL API (API-NOTES.md §2) on Kestrel, over a <see cref="FakePlatform"/>. It checks what a
/// real server would: the token in the header its kind belongs in, the declared variables and their values, the
/// ids, a selection set exactly where the schema's type needs one. It answers in GraphQL's shape (errors with
/// HTTP 200), pages of at most 20 with opaque cursors, 429 with Retry-After and the X-RateLimit-* headers, and
/// renders only the fields a document selects, so a provider that forgets to ask for a field does not get it.
/// </summary>
internal sealed partial class RailwayPeer(FakePlatform platform, RailwayTokenKind kind = RailwayTokenKind.Account)
{
    public const string Path = "/graphql/v2";
    public const string Token = "rw-S3cr3tT0k3n-7f1e9a";
    public const string ProjectId = "prj-7a1b";
    public const string EnvironmentId = "env-prod-3c4d";
    public const string ServiceId = "svc-checkout-5e6f";
    private const int MaxPage = 20;

    private readonly List<RailwayRequest> _received = [];

    public FakePlatform Platform => platform;

    /// <summary>The kind of token the peer was issued; it refuses the token in any other header, as Railway does.</summary>
    public RailwayTokenKind Kind => kind;

    /// <summary>Per deployment id: the status to show instead of the one the platform implies.</summary>
    public Dictionary<string, string> Statuses { get; } = [];

    /// <summary>Per deployment id: the status of the live deployment's instance instead of RUNNING.</summary>
    public Dictionary<string, string> InstanceStatuses { get; } = [];

    /// <summary>Per deployment id: <c>meta</c> instead of <c>{"commitHash": version, "branch": "main"}</c>.</summary>
    public Dictionary<string, JsonNode?> Metas { get; } = [];

    /// <summary>Per deployment id: <c>statusUpdatedAt</c> instead of the one the history implies.</summary>
    public Dictionary<string, DateTimeOffset> StatusUpdated { get; } = [];

    /// <summary>Deployment ids that belong to another service of the project (what a forged webhook would name).</summary>
    public HashSet<string> OfOtherService { get; } = [];

    /// <summary>How the rollback target shows while it rolls out.</summary>
    public string PendingStatus { get; set; } = "DEPLOYING";

    public string PendingInstanceStatus { get; set; } = "INITIALIZING";

    /// <summary>Play a server that types <c>deploymentRollback</c> as <c>Deployment!</c>, as the docs show it (§7 note 4).</summary>
    public bool RollbackReturnsDeployment { get; set; }

    /// <summary>
    /// Play Railway making a rollback a new deployment: <c>deploymentRollback</c> answers only <c>true</c>, and what goes
    /// live is a copy of the target (same image and meta) under an id of its own, <c>{target}-rb{n}</c>.
    /// </summary>
    public bool RollbackMakesNewDeployment { get; set; }

    /// <summary>A GraphQL error message to refuse every rollback with.</summary>
    public string? RefuseRollback { get; set; }

    public string? RefuseRedeploy { get; set; }

    /// <summary>Per deployment id: what it printed, oldest first.</summary>
    public Dictionary<string, List<(DateTimeOffset At, string? Severity, string Message)>> Logs { get; } = [];

    /// <summary>A GraphQL error message to refuse every log query with.</summary>
    public string? RefuseLogs { get; set; }

    /// <summary>Refuse only this many rollbacks (with <see cref="RefuseRollback"/>'s message, or an internal error), then accept.</summary>
    public int RefuseNextRollbacks { get; set; }

    /// <summary>Ids sent to <c>deploymentRedeploy</c>.</summary>
    public List<string> Redeployed { get; } = [];

    /// <summary>Deploys the platform started by itself because a variable changed without <c>skipDeploys</c>.</summary>
    public int ImplicitDeploys { get; private set; }

    public IReadOnlyList<RailwayRequest> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public IReadOnlyList<RailwayRequest> Requests(string operation) => [.. Received.Where(r => r.Operation == operation)];

    public static RailwayOptions Options(Uri peer, RailwayTokenKind kind = RailwayTokenKind.Account) => new()
    {
        Endpoint = new Uri(peer, Path.TrimStart('/')),
        Token = Token,
        TokenKind = kind,
        ProjectId = ProjectId,
        EnvironmentId = EnvironmentId,
        ServiceId = ServiceId,
    };

    /// <param name="front">Records each request as sent and may answer instead (the signal-source suite's).</param>
    public Task<TestPeer> StartAsync(PeerFront? front = null) => TestPeer.StartAsync(app => app.MapPost(Path, HandleAsync), front?.Middleware);

    private async Task HandleAsync(HttpContext context)
    {
        var fault = platform.TakeFault();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
        }

        var document = body?["query"] is JsonValue q && q.TryGetValue<string>(out var d) ? d : "";
        var variables = body?["variables"] as JsonObject ?? [];
        var operation = OperationName().Match(document) is { Success: true } m ? m.Groups[2].Value : "(anonymous)";
        platform.Record($"POST {Path} {operation}");
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        var projectToken = context.Request.Headers["Project-Access-Token"].FirstOrDefault();
        lock (_received) _received.Add(new RailwayRequest(operation, document, variables, authorization, projectToken));

        switch (fault?.Kind)
        {
            case FaultKind.RateLimited:
                var wait = (int)Math.Ceiling((fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds);
                context.Response.Headers["Retry-After"] = wait.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-RateLimit-Limit"] = "1000";
                context.Response.Headers["X-RateLimit-Remaining"] = "0";
                context.Response.Headers["X-RateLimit-Reset"] = TimeProvider.System.GetUtcNow().AddSeconds(wait).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, 429, Errors("Rate limit exceeded"));
                return;
            case FaultKind.ServerError:
                await WriteAsync(context, 500, Errors("Internal server error"));
                return;
            case FaultKind.Slow:
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(30), context.RequestAborted);
                break;
            case FaultKind.Malformed:
                await WriteAsync(context, 200, "{\"data\":{\"deployments\":{\"edges\":[{\"node\":{\"id\":\"dep-");
                return;
            case FaultKind.Forbidden:
                await WriteAsync(context, 403, Errors($"Not Authorized: {authorization ?? projectToken} may not do {operation}"));
                return;
            case FaultKind.NotFound:
                await WriteAsync(context, 404, Errors("Not Found"));
                return;
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true || body is null || document.Length == 0)
        {
            await WriteAsync(context, 400, Errors("Must provide query string."));
            return;
        }

        if (Unauthorized(authorization, projectToken) is { } refusal)
        {
            await WriteAsync(context, 200, Errors(refusal));
            return;
        }

        var answer = operation switch
        {
            "Deployments" => Deployments(document, variables),
            "ServiceInstance" => ServiceInstance(document, variables),
            "DeploymentRollback" => Rollback(document, variables),
            "VariableCollectionUpsert" => Upsert(document, variables),
            "Variables" => ReadVariables(document, variables),
            "DeploymentRedeploy" => Redeploy(document, variables),
            "DeploymentLogs" => DeploymentLogs(document, variables),
            "Deployment" => Deployment(document, variables),
            "HttpMetricsByStatus" => HttpMetricsByStatus(document, variables),
            "HttpDurationMetrics" => HttpDurationMetrics(document, variables),
            _ => Errors($"Unknown operation {operation}"),
        };
        await WriteAsync(context, 200, answer);
    }

    /// <summary>§2.1: the messages the CLI recognises. A bearer token read as a project token is "not found"; the reverse is "Not Authorized".</summary>
    private string? Unauthorized(string? authorization, string? projectToken)
    {
        if (kind == RailwayTokenKind.Project)
        {
            if (projectToken is null) return "Not Authorized";
            return projectToken == Token && authorization is null ? null : "Project Token not found";
        }

        if (projectToken is not null) return "Project Token not found";
        return authorization == "Bearer " + Token ? null : "Not Authorized";
    }

    private string Deployments(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("input", "DeploymentListInput!"), ("first", "Int"), ("after", "String")) is { } problem) return problem;
        if (!Selects(document, "deployments(input: $input, first: $first, after: $after)")) return Errors("deployments must be given $input, $first and $after");
        var input = variables["input"] as JsonObject;
        if (Text(input, "projectId") != ProjectId || Text(input, "environmentId") != EnvironmentId || Text(input, "serviceId") != ServiceId)
            return Errors("Not Authorized");

        var first = variables["first"] is JsonValue f && f.TryGetValue<int>(out var n) ? n : MaxPage;
        if (first < 1) return Errors("first must be positive");
        var start = 0;
        if (Text(variables, "after") is { } after)
        {
            if (Index(after) is not { } index) return Errors("Invalid cursor");
            start = index + 1;
        }

        var (liveId, pending) = platform.Peek();
        var all = platform.Deployments;
        var end = Math.Min(all.Count, start + Math.Min(first, MaxPage));
        var edges = new JsonArray();
        for (var i = start; i < end; i++)
            edges.Add(new JsonObject { ["cursor"] = Cursor(i), ["node"] = Node(all[i], liveId, pending, document) });
        var pageInfo = new JsonObject
        {
            ["hasNextPage"] = end < all.Count,
            ["hasPreviousPage"] = start > 0,
            ["startCursor"] = end > start ? Cursor(start) : null,
            ["endCursor"] = end > start ? Cursor(end - 1) : null,
        };
        return Data(new JsonObject { ["deployments"] = new JsonObject { ["edges"] = edges, ["pageInfo"] = pageInfo } });
    }

    /// <summary>§2.2 <c>Query.deployment(id)</c>: any deployment the token may see, with the ids of its service.</summary>
    private string Deployment(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("id", "String!")) is { } problem) return problem;
        if (platform.Deployments.FirstOrDefault(d => d.Id == Text(variables, "id")) is not { } found) return Errors("Deployment not found");
        var (liveId, pending) = platform.Peek();
        return Data(new JsonObject { ["deployment"] = Node(found, liveId, pending, document) });
    }

    private string ServiceInstance(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("environmentId", "String!"), ("serviceId", "String!")) is { } problem) return problem;
        if (Text(variables, "environmentId") != EnvironmentId || Text(variables, "serviceId") != ServiceId) return Errors("ServiceInstance not found");

        // The endpoint the runbook polls: each look moves a rollout on.
        var (liveId, rollingOut) = platform.Look();
        var pending = rollingOut ? platform.Peek().Pending : null;
        var active = new JsonArray { Node(platform.Find(liveId), liveId, pending, document) };
        if (pending is not null) active.Add(Node(platform.Find(pending), liveId, pending, document));
        return Data(new JsonObject
        {
            ["serviceInstance"] = new JsonObject
            {
                ["latestDeployment"] = Node(platform.Deployments[0], liveId, pending, document),
                ["activeDeployments"] = active,
            },
        });
    }

    private string Rollback(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("id", "String!")) is { } problem) return problem;
        var selects = Regex.IsMatch(document, @"deploymentRollback\(id: \$id\)\s*\{");
        if (RollbackReturnsDeployment && !selects)
            return Errors("Field \"deploymentRollback\" of type \"Deployment!\" must have a selection of subfields. Did you mean \"deploymentRollback { ... }\"?");
        if (!RollbackReturnsDeployment && selects)
            return Errors("Field \"deploymentRollback\" must not have a selection since type \"Boolean!\" has no subfields.");

        var id = Text(variables, "id")!;
        var target = platform.Deployments.FirstOrDefault(d => d.Id == id);
        if (target is null) return Errors("Deployment not found");
        if (RefuseNextRollbacks > 0)
        {
            RefuseNextRollbacks--;
            return Errors(RefuseRollback ?? "Problem processing request");
        }

        if (RefuseRollback is { } refusal) return Errors(refusal);
        if (!target.CanRollback) return Errors("Deployment cannot be rolled back");

        if (RollbackMakesNewDeployment)
        {
            var copy = new FakeDeployment($"{id}-rb{platform.RollbackRequests + 1}", target.Version, platform.Deployments[0].CreatedAt.AddMinutes(5));
            platform.Deployments.Insert(0, copy);
            id = copy.Id;
        }

        platform.RequestRollback(id);
        JsonNode result = RollbackReturnsDeployment ? new JsonObject { ["id"] = id, ["status"] = "INITIALIZING" } : JsonValue.Create(true);
        return Data(new JsonObject { ["deploymentRollback"] = result });
    }

    private string Upsert(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("projectId", "String!"), ("serviceId", "String!"), ("environmentId", "String!"), ("variables", "EnvironmentVariables!"), ("skipDeploys", "Boolean")) is { } problem)
            return problem;
        if (!Selects(document, "variableCollectionUpsert(input: {projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId, variables: $variables, skipDeploys: $skipDeploys})"))
            return Errors("variableCollectionUpsert's input does not carry the declared variables");
        if (Text(variables, "projectId") != ProjectId || Text(variables, "environmentId") != EnvironmentId || Text(variables, "serviceId") != ServiceId)
            return Errors("Not Authorized");
        if (variables["variables"] is not JsonObject set || set.Any(p => p.Value is not JsonValue v || !v.TryGetValue<string>(out _)))
            return Errors("Variable \"$variables\" got invalid value; EnvironmentVariables maps names to strings.");

        foreach (var (name, value) in set) platform.Variables[name] = value!.GetValue<string>();
        if (variables["skipDeploys"] is not JsonValue skip || !skip.TryGetValue<bool>(out var skipped) || !skipped)
        {
            // §2.2 skipDeploys: without it, a change deploys the service by itself.
            ImplicitDeploys++;
            platform.Restarts++;
        }

        return Data(new JsonObject { ["variableCollectionUpsert"] = true });
    }

    /// <summary>§2.2's <c>Query.variables(projectId!, environmentId!, serviceId)</c>: the EnvironmentVariables scalar, name to value.</summary>
    private string ReadVariables(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("projectId", "String!"), ("environmentId", "String!"), ("serviceId", "String")) is { } problem) return problem;
        if (!Selects(document, "variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId)"))
            return Errors("variables must be given $projectId, $environmentId and $serviceId");
        if (Text(variables, "projectId") != ProjectId || Text(variables, "environmentId") != EnvironmentId || Text(variables, "serviceId") != ServiceId)
            return Errors("Not Authorized");
        var map = new JsonObject();
        foreach (var (name, value) in platform.Variables) map[name] = value;
        return Data(new JsonObject { ["variables"] = map });
    }

    private string Redeploy(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("id", "String!")) is { } problem) return problem;
        if (!Regex.IsMatch(document, @"deploymentRedeploy\(id:\s*\$id\)\s*\{"))
            return Errors("Field \"deploymentRedeploy\" of type \"Deployment!\" must have a selection of subfields. Did you mean \"deploymentRedeploy { ... }\"?");
        var id = Text(variables, "id")!;
        if (platform.Deployments.All(d => d.Id != id)) return Errors("Deployment not found");
        if (RefuseRedeploy is { } refusal) return Errors(refusal);

        Redeployed.Add(id);
        platform.Restarts++;
        return Data(new JsonObject { ["deploymentRedeploy"] = Selected(new JsonObject { ["id"] = $"dep-redeploy-{Redeployed.Count}", ["status"] = "QUEUED" }, document) });
    }

    /// <summary>
    /// <c>deploymentLogs(deploymentId, limit)</c>: oldest first, the newest <c>limit</c> (default 100, at most 5000)
    /// and, as the CLI notes the API does, one more.
    /// </summary>
    private string DeploymentLogs(string document, JsonObject variables)
    {
        if (Declared(document, variables, ("deploymentId", "String!"), ("limit", "Int")) is { } problem) return problem;
        if (!Selects(document, "deploymentLogs(deploymentId: $deploymentId, limit: $limit) {"))
            return Errors("Field \"deploymentLogs\" of type \"[Log!]!\" must have a selection of subfields.");
        var id = Text(variables, "deploymentId")!;
        if (platform.Deployments.All(d => d.Id != id)) return Errors("Deployment not found");
        if (RefuseLogs is { } refusal) return Errors(refusal);

        var limit = Math.Min(variables["limit"] is JsonValue l && l.TryGetValue<int>(out var n) ? n : 100, 5000);
        var printed = Logs.TryGetValue(id, out var lines) ? lines : [];
        var answer = new JsonArray();
        foreach (var (at, severity, message) in printed.TakeLast(limit + 1))
        {
            answer.Add(Selected(new JsonObject
            {
                ["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture),
                ["message"] = message,
                ["severity"] = severity,
                ["attributes"] = new JsonArray(),
            }, document));
        }

        return Data(new JsonObject { ["deploymentLogs"] = answer });
    }

    /// <summary>A deployment node as the platform's state implies it, with only the selected fields.</summary>
    private JsonObject Node(FakeDeployment d, string liveId, string? pending, string document)
    {
        var status = Statuses.TryGetValue(d.Id, out var s) ? s
            : d.Id == pending ? PendingStatus
            : !d.Succeeded ? "FAILED"
            : d.Id == liveId ? "SUCCESS"
            : "REMOVED";
        var instances = new JsonArray();
        if (d.Id == pending) instances.Add(Instance(d.Id, PendingInstanceStatus));
        else if (d.Id == liveId) instances.Add(Instance(d.Id, InstanceStatuses.TryGetValue(d.Id, out var i) ? i : "RUNNING"));

        var node = new JsonObject
        {
            ["id"] = d.Id,
            ["status"] = status,
            ["createdAt"] = Rfc3339(d.CreatedAt),
            ["updatedAt"] = Rfc3339(d.CreatedAt.AddMinutes(1)),
            ["statusUpdatedAt"] = Rfc3339(StatusUpdated.TryGetValue(d.Id, out var at) ? at : StatusChanged(d, status)),
            ["canRollback"] = d.CanRollback,
            ["canRedeploy"] = true,
            ["deploymentStopped"] = false,
            ["meta"] = Metas.TryGetValue(d.Id, out var meta) ? meta?.DeepClone() : new JsonObject { ["commitHash"] = d.Version, ["branch"] = "main" },
            ["serviceId"] = OfOtherService.Contains(d.Id) ? "svc-other-9a8b" : ServiceId,
            ["environmentId"] = EnvironmentId,
            ["projectId"] = ProjectId,
            ["instances"] = instances,
        };
        return Selected(node, document);
    }

    /// <summary>A replaced deployment stopped serving when the next successful one took over; others changed soon after they were made.</summary>
    private DateTimeOffset StatusChanged(FakeDeployment d, string status)
    {
        if (status is not ("REMOVED" or "REMOVING")) return d.CreatedAt.AddMinutes(2);
        var index = platform.Deployments.IndexOf(d);
        var next = platform.Deployments.Take(index).LastOrDefault(x => x.Succeeded);
        return next is null ? d.CreatedAt.AddHours(1) : next.CreatedAt.AddMinutes(1);
    }

    private static JsonObject Instance(string deploymentId, string status) => new() { ["id"] = "inst-" + deploymentId, ["status"] = status };

    /// <summary>Drops every field the document does not name: a real server answers only what was asked.</summary>
    private static JsonObject Selected(JsonObject node, string document)
    {
        foreach (var key in node.Select(p => p.Key).ToList())
            if (!Regex.IsMatch(document, $@"\b{key}\b")) node.Remove(key);
        return node;
    }

    /// <summary>Checks each variable is declared with its schema type, and required ones are given, as GraphQL validation does.</summary>
    private static string? Declared(string document, JsonObject variables, params (string Name, string Type)[] expected)
    {
        foreach (var (name, type) in expected)
        {
            if (!Regex.IsMatch(document, $@"\${name}:\s*{Regex.Escape(type)}(?=[\s,)])"))
                return Errors($"Variable \"${name}\" must be declared as \"{type}\".");
            if (type.EndsWith('!') && (!variables.TryGetPropertyValue(name, out var value) || value is null))
                return Errors($"Variable \"${name}\" of required type \"{type}\" was not provided.");
            if (type == "String!" && (variables[name] is not JsonValue v || !v.TryGetValue<string>(out _)))
                return Errors($"Variable \"${name}\" got invalid value; String cannot represent a non string value.");
        }

        return null;
    }

    private static bool Selects(string document, string call) =>
        Regex.Replace(document, @"\s+", " ").Contains(call, StringComparison.Ordinal);

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Cursor(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"cursor:{index}"));

    private static int? Index(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("cursor:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out var i) ? i : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Data(JsonObject data) => new JsonObject { ["data"] = data }.ToJsonString();

    /// <summary>§2.1: the standard GraphQL error shape.</summary>
    private static string Errors(string message) =>
        new JsonObject { ["data"] = null, ["errors"] = new JsonArray { new JsonObject { ["message"] = message } } }.ToJsonString();

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    [GeneratedRegex(@"^\s*(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex OperationName();
}
