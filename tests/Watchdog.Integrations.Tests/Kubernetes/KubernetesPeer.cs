using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>
/// The Kubernetes API on Kestrel over a <see cref="FakePlatform"/>: one Deployment and a ReplicaSet per
/// fake deployment (owner references, revision annotations, pod templates with distinct images), list
/// pages with <c>limit</c>/<c>continue</c>, <c>Status</c> objects for errors, and JSON patches applied to
/// the Deployment as the API server applies them. A patch that sets the template back to a ReplicaSet's
/// is a rollback; one that changes only the app container's env sets variables. It also refuses (422,
/// "peer check:") what <c>rollout undo</c> would never send: a template with its hash label, wrong annotations.
/// Pods and their logs are served by the other part of this class (KubernetesPeer.Pods.cs).
/// </summary>
internal sealed partial class KubernetesPeer
{
    public const string Namespace = "shop";
    public const string Name = "shop-api";
    public const string Uid = "5f0c7a39-0d0e-4c1c-9a57-2f5b3b1d0a11";
    public const string Token = "eyJhbGciOiJSUzI1NiJ9.peer-service-account-token.c2lnbmF0dXJl";
    public const string AppLabel = "app.kubernetes.io/name";
    public const int Replicas = 3;

    /// <summary>Peers page at most this many items, whatever <c>limit</c> asks.</summary>
    public const int MaxPage = 20;

    private readonly FakePlatform _platform;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _revisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _historyOf = new(StringComparer.Ordinal);
    private long _generation = 7;

    private KubernetesPeer(FakePlatform platform)
    {
        _platform = platform;
        for (var i = 0; i < platform.Deployments.Count; i++)
            _revisions[platform.Deployments[i].Id] = platform.Deployments.Count - i;
    }

    public TestPeer Server { get; private set; } = null!;

    public string ExpectedToken { get; set; } = Token;

    public bool Paused { get; set; }

    /// <summary>Lists the Watchdog sidecar before the app in the pod template.</summary>
    public bool SidecarFirst { get; set; }

    /// <summary>Further ReplicaSets served by the list endpoint as they are (another owner's, say).</summary>
    public List<JsonObject> ExtraReplicaSets { get; } = [];

    /// <summary>When set, every PATCH is answered with this Status (after it was recorded).</summary>
    public (HttpStatusCode Code, string Reason, string Message)? PatchRefusal { get; set; }

    /// <summary>Every PATCH body received, in order, whether accepted or not.</summary>
    public List<JsonArray> Patches { get; } = [];

    /// <summary>The <c>Content-Type</c> of every PATCH with a well-formed body, as sent.</summary>
    public List<string?> ContentTypes { get; } = [];

    /// <summary>Every <c>labelSelector</c> a list request carried.</summary>
    public List<string?> Selectors { get; } = [];

    public static async Task<KubernetesPeer> StartAsync(FakePlatform platform)
    {
        var peer = new KubernetesPeer(platform);
        peer.Server = await TestPeer.StartAsync(peer.Map);
        return peer;
    }

    public long RevisionOf(string id)
    {
        lock (_gate) return _revisions[id];
    }

    private static string Hash(string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..10];

    private void Map(IEndpointRouteBuilder app)
    {
        const string deployment = "/apis/apps/v1/namespaces/{ns}/deployments/{name}";
        app.MapGet(deployment, Handler(c => Task.FromResult(GetDeployment(c))));
        app.MapMethods(deployment, ["PATCH"], Handler(PatchDeploymentAsync));
        app.MapGet("/apis/apps/v1/namespaces/{ns}/replicasets", Handler(c => Task.FromResult(ListReplicaSets(c))));
        app.MapGet("/api/v1/namespaces/{ns}/pods", Handler(c => Task.FromResult(ListPods(c))));
        app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/log", Handler(ReadLogAsync));
        app.MapGet("/api/v1/namespaces/{ns}/configmaps/{name}", Handler(c => Task.FromResult(GetConfigMap(c))));
        app.MapFallback(Handler(_ => Task.FromResult(Status(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"))));
    }

    private RequestDelegate Handler(Func<HttpContext, Task<Answer>> handle) => ctx => Serve(ctx, handle);

    /// <summary>A JSON body, or (for logs) one written by <paramref name="Write"/> as <c>text/plain</c>.</summary>
    private sealed record Answer(HttpStatusCode Code, JsonObject Body, Func<HttpResponse, Task>? Write = null);

    /// <summary>What every request goes through first: a served fault, the request log, the bearer token.</summary>
    private async Task Serve(HttpContext ctx, Func<HttpContext, Task<Answer>> handle)
    {
        var fault = _platform.TakeFault();
        _platform.Record($"{ctx.Request.Method} {ctx.Request.Path}");
        switch (fault?.Kind)
        {
            case FaultKind.RateLimited:
                ctx.Response.Headers.RetryAfter = ((int)(fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds).ToString(CultureInfo.InvariantCulture);
                var limited = Status(HttpStatusCode.TooManyRequests, "TooManyRequests", "Too many requests, please try again later.");
                limited.Body["details"] = new JsonObject { ["retryAfterSeconds"] = (int)(fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds };
                await WriteAsync(ctx, limited);
                return;
            case FaultKind.ServerError:
                await WriteAsync(ctx, Status(HttpStatusCode.InternalServerError, "InternalError", "Internal error occurred: etcdserver: request timed out"));
                return;
            case FaultKind.Forbidden:
                await WriteAsync(ctx, Status(HttpStatusCode.Forbidden, "Forbidden", $"forbidden: {ctx.Request.Headers.Authorization} cannot {ctx.Request.Method} {ctx.Request.Path}"));
                return;
            case FaultKind.NotFound:
                await WriteAsync(ctx, Status(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"));
                return;
            case FaultKind.Slow:
                try
                {
                    await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(30), ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                break;
        }

        var answer = ctx.Request.Headers.Authorization.ToString() == "Bearer " + ExpectedToken
            ? await handle(ctx)
            : Status(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
        if (fault?.Kind == FaultKind.Malformed)
        {
            var text = answer.Body.ToJsonString();
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(text[..(text.Length / 2)]);
            return;
        }

        await WriteAsync(ctx, answer);
    }

    private static async Task WriteAsync(HttpContext ctx, Answer answer)
    {
        ctx.Response.StatusCode = (int)answer.Code;
        if (answer.Write is not null)
        {
            ctx.Response.ContentType = "text/plain";
            await answer.Write(ctx.Response);
            return;
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(answer.Body.ToJsonString());
    }

    /// <summary>An error as the API server sends it: a <c>Status</c> object.</summary>
    private static Answer Status(HttpStatusCode code, string reason, string message) => new(code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    });

    private static Answer NotFound(HttpContext ctx) =>
        Status(HttpStatusCode.NotFound, "NotFound", $"deployments.apps \"{ctx.Request.RouteValues["name"]}\" not found");

    private Answer GetDeployment(HttpContext ctx)
    {
        if ((string?)ctx.Request.RouteValues["ns"] != Namespace || (string?)ctx.Request.RouteValues["name"] != Name) return NotFound(ctx);
        var (_, rollingOut) = _platform.Look();
        lock (_gate) return new(HttpStatusCode.OK, RenderDeployment(rollingOut));
    }

    private string CurrentId
    {
        get
        {
            var (live, pending) = _platform.Peek();
            return pending ?? live;
        }
    }

    /// <summary>When set, the app container reads every key of ConfigMap <see cref="ConfigMapName"/> (<c>envFrom</c>), written at <see cref="ConfigMapWrittenAt"/>.</summary>
    public Dictionary<string, string>? ConfigMap { get; set; }

    public const string ConfigMapName = "shop-config";

    public DateTimeOffset ConfigMapWrittenAt { get; set; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>When a manager last wrote the Deployment (its <c>managedFields</c> time).</summary>
    public DateTimeOffset DeploymentWrittenAt { get; set; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static JsonArray ManagedFields(DateTimeOffset at) => new(new JsonObject
    {
        ["manager"] = "kubectl-client-side-apply", ["operation"] = "Update", ["apiVersion"] = "v1",
        ["time"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ["fieldsType"] = "FieldsV1",
    });

    /// <summary>The Role lacks configmaps (get): reading any ConfigMap is refused as the API server refuses it.</summary>
    public bool ForbidConfigMaps { get; set; }

    private Answer GetConfigMap(HttpContext ctx)
    {
        if (ForbidConfigMaps)
            return Status(HttpStatusCode.Forbidden, "Forbidden", $"configmaps \"{ctx.Request.RouteValues["name"]}\" is forbidden: User \"{ServiceAccount}\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"{ctx.Request.RouteValues["ns"]}\"");
        if (ConfigMap is not { } data || (string?)ctx.Request.RouteValues["name"] != ConfigMapName)
            return Status(HttpStatusCode.NotFound, "NotFound", $"configmaps \"{ctx.Request.RouteValues["name"]}\" not found");
        var map = new JsonObject();
        foreach (var (k, v) in data) map[k] = v;
        return new(HttpStatusCode.OK, new JsonObject
        {
            ["kind"] = "ConfigMap", ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = ConfigMapName, ["namespace"] = Namespace, ["managedFields"] = ManagedFields(ConfigMapWrittenAt) },
            ["data"] = map,
        });
    }

    private JsonObject RenderDeployment(bool rollingOut)
    {
        var current = _platform.Find(CurrentId);
        var d = new JsonObject
        {
            ["kind"] = "Deployment",
            ["apiVersion"] = "apps/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["namespace"] = Namespace,
                ["uid"] = Uid,
                ["resourceVersion"] = (1000 + _generation).ToString(CultureInfo.InvariantCulture),
                ["generation"] = _generation,
                ["creationTimestamp"] = "2026-01-05T09:00:00Z",
                ["managedFields"] = ManagedFields(DeploymentWrittenAt),
                ["labels"] = new JsonObject { [AppLabel] = Name },
                ["annotations"] = new JsonObject
                {
                    ["deployment.kubernetes.io/revision"] = _revisions[current.Id].ToString(CultureInfo.InvariantCulture),
                    ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"shop-api\"}}",
                    ["kubernetes.io/change-cause"] = "deploy " + current.Version,
                    ["team.example.com/owner"] = "payments",
                },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [AppLabel] = Name } },
                ["template"] = Template(current, withHash: false),
                ["strategy"] = new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
                },
                ["revisionHistoryLimit"] = 10,
                ["progressDeadlineSeconds"] = 600,
            },
            // The controller has observed every generation at once; the rollout itself takes the platform's looks.
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = _generation,
                ["replicas"] = rollingOut ? Replicas + 1 : Replicas,
                ["updatedReplicas"] = rollingOut ? 1 : Replicas,
                ["readyReplicas"] = Replicas,
                ["availableReplicas"] = Replicas,
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable" },
                    new JsonObject
                    {
                        ["type"] = "Progressing",
                        ["status"] = "True",
                        ["reason"] = rollingOut ? "ReplicaSetUpdated" : "NewReplicaSetAvailable",
                        ["message"] = $"ReplicaSet \"{current.Id}\" {(rollingOut ? "is progressing." : "has successfully progressed.")}",
                    }),
            },
        };
        if (Paused) d["spec"]!["paused"] = true;
        return d;
    }

    /// <summary>The pod template of one release: its own app image tag, the variables set so far, the sidecar.</summary>
    private JsonObject Template(FakeDeployment f, bool withHash)
    {
        var labels = new JsonObject { [AppLabel] = Name };
        if (withHash) labels["pod-template-hash"] = Hash(f.Id);
        var env = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" });
        foreach (var (name, value) in _platform.Variables) env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        var app = new JsonObject
        {
            ["name"] = "app",
            ["image"] = "ghcr.io/example/shop-api:" + f.Version,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 3000, ["protocol"] = "TCP" }),
            ["env"] = env,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" } },
            ["terminationMessagePath"] = "/dev/termination-log",
            ["imagePullPolicy"] = "IfNotPresent",
        };
        if (ConfigMap is not null) app["envFrom"] = new JsonArray(new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = ConfigMapName } });
        var sidecar = new JsonObject { ["name"] = "watchdog", ["image"] = "ghcr.io/example/watchdog:1.0.0", ["resources"] = new JsonObject() };
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["creationTimestamp"] = null,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["prometheus.io/scrape"] = "true" },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = SidecarFirst ? new JsonArray(sidecar, app) : new JsonArray(app, sidecar),
                ["restartPolicy"] = "Always",
                ["terminationGracePeriodSeconds"] = 60,
                ["dnsPolicy"] = "ClusterFirst",
                ["securityContext"] = new JsonObject(),
            },
        };
    }

    private JsonObject RenderReplicaSet(FakeDeployment f, string currentId)
    {
        var annotations = new JsonObject
        {
            ["deployment.kubernetes.io/desired-replicas"] = Replicas.ToString(CultureInfo.InvariantCulture),
            ["deployment.kubernetes.io/max-replicas"] = (Replicas + 1).ToString(CultureInfo.InvariantCulture),
            ["kubernetes.io/change-cause"] = "deploy " + f.Version,
            ["team.example.com/owner"] = "payments",
        };
        // A ReplicaSet that cannot be rolled back to lacks its revision, which kubectl then skips.
        if (f.CanRollback) annotations["deployment.kubernetes.io/revision"] = _revisions[f.Id].ToString(CultureInfo.InvariantCulture);
        if (_historyOf.TryGetValue(f.Id, out var earlier)) annotations["deployment.kubernetes.io/revision-history"] = earlier.ToString(CultureInfo.InvariantCulture);
        var replicas = f.Id == currentId ? Replicas : 0;
        var status = new JsonObject { ["replicas"] = replicas, ["availableReplicas"] = replicas, ["observedGeneration"] = 1 };
        // A release that did not succeed: its pods could not be created.
        if (!f.Succeeded)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "ReplicaFailure",
                ["status"] = "True",
                ["reason"] = "FailedCreate",
                ["message"] = "pods \"" + f.Id + "-x\" is forbidden: exceeded quota: compute-resources",
            });
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = f.Id,
                ["namespace"] = Namespace,
                ["uid"] = "uid-" + f.Id,
                ["creationTimestamp"] = f.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["labels"] = new JsonObject { [AppLabel] = Name, ["pod-template-hash"] = Hash(f.Id) },
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "Deployment",
                    ["name"] = Name,
                    ["uid"] = Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [AppLabel] = Name, ["pod-template-hash"] = Hash(f.Id) } },
                ["template"] = Template(f, withHash: true),
            },
            ["status"] = status,
        };
    }

    /// <summary>A ReplicaSet with the app's labels that <paramref name="ownerUid"/> controls (or merely owns).</summary>
    public JsonObject ForeignReplicaSet(string name, string copyTemplateOf, string ownerUid, bool controller = true, long revision = 99)
    {
        lock (_gate)
        {
            var rs = RenderReplicaSet(_platform.Find(copyTemplateOf), currentId: "");
            rs["metadata"]!["name"] = name;
            rs["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] = revision.ToString(CultureInfo.InvariantCulture);
            rs["metadata"]!["ownerReferences"]![0]!["uid"] = ownerUid;
            rs["metadata"]!["ownerReferences"]![0]!["name"] = "shop-api-canary";
            rs["metadata"]!["ownerReferences"]![0]!["controller"] = controller;
            return rs;
        }
    }

    private Answer ListReplicaSets(HttpContext ctx)
    {
        if ((string?)ctx.Request.RouteValues["ns"] != Namespace) return Page(ctx, "ReplicaSetList", "apps/v1", []);
        List<JsonObject> all;
        lock (_gate)
        {
            var current = CurrentId;
            all = [.. _platform.Deployments.Select(f => RenderReplicaSet(f, current)), .. ExtraReplicaSets.Select(r => (JsonObject)r.DeepClone())];
        }

        return Page(ctx, "ReplicaSetList", "apps/v1", all);
    }

    /// <summary>
    /// A list answer as the API server pages it: the items the equality-based <c>labelSelector</c> selects, in
    /// name order (etcd's key order, not revision order), <c>limit</c> at a time (at most <see cref="MaxPage"/>),
    /// with a <c>continue</c> token bound to the selector.
    /// </summary>
    private Answer Page(HttpContext ctx, string kind, string apiVersion, List<JsonObject> all)
    {
        var selector = ctx.Request.Query["labelSelector"].FirstOrDefault();
        lock (Selectors) Selectors.Add(selector);
        var requirements = new List<(string Key, string Value)>();
        foreach (var part in (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || kv[0].Length == 0)
                return Status(HttpStatusCode.BadRequest, "BadRequest", $"unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'");
            requirements.Add((kv[0], kv[1]));
        }

        var matching = all
            .Where(o => requirements.All(r => (string?)o["metadata"]!["labels"]?[r.Key] == r.Value))
            .OrderBy(o => (string)o["metadata"]!["name"]!, StringComparer.Ordinal)
            .ToList();

        var offset = 0;
        if (ctx.Request.Query["continue"].FirstOrDefault() is { Length: > 0 } token)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 2);
            if (decoded.Length != 2 || decoded[1] != (selector ?? ""))
                return Status(HttpStatusCode.BadRequest, "BadRequest", "continue key is not valid: the selector of the request does not match the continue token");
            offset = int.Parse(decoded[0], CultureInfo.InvariantCulture);
        }

        var limit = int.TryParse(ctx.Request.Query["limit"].FirstOrDefault(), CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, MaxPage) : int.MaxValue;
        var page = matching.Skip(offset).Take(limit).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = "4711" };
        if (offset + page.Count < matching.Count)
        {
            metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{offset + page.Count}|{selector ?? ""}"));
            metadata["remainingItemCount"] = matching.Count - offset - page.Count;
        }

        return new(HttpStatusCode.OK, new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = apiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page]),
        });
    }

    private async Task<Answer> PatchDeploymentAsync(HttpContext ctx)
    {
        if ((string?)ctx.Request.RouteValues["ns"] != Namespace || (string?)ctx.Request.RouteValues["name"] != Name) return NotFound(ctx);
        if (ctx.Request.ContentType?.Split(';')[0].Trim() != "application/json-patch+json")
        {
            return Status(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }

        using var reader = new StreamReader(ctx.Request.Body);
        var raw = await reader.ReadToEndAsync();
        JsonArray ops;
        try
        {
            ops = JsonNode.Parse(raw) as JsonArray ?? throw new System.Text.Json.JsonException("not an array");
        }
        catch (System.Text.Json.JsonException)
        {
            return Status(HttpStatusCode.BadRequest, "BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        lock (Patches) Patches.Add(ops);
        lock (ContentTypes) ContentTypes.Add(ctx.Request.ContentType);
        if (PatchRefusal is { } refusal) return Status(refusal.Code, refusal.Reason, refusal.Message);

        lock (_gate)
        {
            var before = RenderDeployment(rollingOut: false);
            JsonObject after;
            try
            {
                after = JsonPatchApplier.Apply(before, ops);
            }
            catch (InvalidOperationException e)
            {
                return Status(HttpStatusCode.UnprocessableEntity, "Invalid", e.Message);
            }

            var problem = Accept(before, after);
            return problem is null
                ? new(HttpStatusCode.OK, RenderDeployment(rollingOut: _platform.Peek().Pending is not null))
                : Status(HttpStatusCode.UnprocessableEntity, "Invalid", "peer check: " + problem);
        }
    }

    /// <summary>What the patched Deployment means for the platform; a problem when it is not what kubectl would send.</summary>
    private string? Accept(JsonObject before, JsonObject after)
    {
        static JsonObject Rest(JsonObject d)
        {
            var copy = (JsonObject)d.DeepClone();
            ((JsonObject)copy["spec"]!).Remove("template");
            ((JsonObject)copy["metadata"]!).Remove("annotations");
            return copy;
        }

        if (JsonPatchApplier.Canonical(Rest(before)) != JsonPatchApplier.Canonical(Rest(after)))
            return "only spec.template and metadata.annotations may change";
        var template = (JsonObject)after["spec"]!["template"]!;
        if (template["metadata"]?["labels"]?["pod-template-hash"] is not null)
            return "the template still carries the pod-template-hash label";
        var current = _platform.Find(CurrentId);
        if (JsonPatchApplier.Canonical(template) == JsonPatchApplier.Canonical(before["spec"]!["template"]))
            return null;

        if (_platform.Deployments.FirstOrDefault(f => JsonPatchApplier.Canonical(Template(f, withHash: false)) == JsonPatchApplier.Canonical(template)) is { } target)
        {
            var expected = new JsonObject();
            foreach (var (k, v) in (JsonObject)before["metadata"]!["annotations"]!)
                if (Kept.Contains(k)) expected[k] = v?.DeepClone();
            foreach (var (k, v) in (JsonObject)RenderReplicaSet(target, CurrentId)["metadata"]!["annotations"]!)
                if (!Kept.Contains(k)) expected[k] = v?.DeepClone();
            if (JsonPatchApplier.Canonical(after["metadata"]!["annotations"]) != JsonPatchApplier.Canonical(expected))
                return $"annotations {after["metadata"]!["annotations"]!.ToJsonString()} are not the ReplicaSet's with the Deployment's kept keys {expected.ToJsonString()}";

            // The controller adopts the old ReplicaSet for the new rollout: it gets the next revision.
            _historyOf[target.Id] = _revisions[target.Id];
            _revisions[target.Id] = _revisions.Values.Max() + 1;
            _generation++;
            _platform.RequestRollback(target.Id);
            return null;
        }

        var appIndex = SidecarFirst ? 1 : 0;
        var withoutEnv = (JsonObject)template.DeepClone();
        foreach (var c in withoutEnv["spec"]!["containers"]!.AsArray()) ((JsonObject)c!).Remove("env");
        var currentWithoutEnv = Template(current, withHash: false);
        foreach (var c in currentWithoutEnv["spec"]!["containers"]!.AsArray()) ((JsonObject)c!).Remove("env");
        if (JsonPatchApplier.Canonical(withoutEnv) != JsonPatchApplier.Canonical(currentWithoutEnv))
            return "the new template matches no ReplicaSet and is not an env change";
        var containers = template["spec"]!["containers"]!.AsArray();
        if (containers[1 - appIndex]!["env"] is not null)
            return "env was changed on the sidecar, not the app container";

        foreach (var e in containers[appIndex]!["env"]!.AsArray())
        {
            var name = (string)e!["name"]!;
            if (name != "LOG_LEVEL") _platform.Variables[name] = (string?)e["value"] ?? "";
        }

        _platform.Restarts++;
        _generation++;
        return null;
    }

    private static readonly HashSet<string> Kept =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        "deployment.kubernetes.io/revision",
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    ];
}
