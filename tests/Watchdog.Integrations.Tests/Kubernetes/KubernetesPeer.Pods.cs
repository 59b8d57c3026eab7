using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>
/// The core API's pods and their logs: <c>GET /api/v1/namespaces/{ns}/pods</c> (label selector, pages) and
/// <c>GET …/pods/{name}/log</c> as kubelet answers it: plain text; <c>container</c> required when the pod has two;
/// <c>previous</c> the last terminated run (400 when there is none); a container waiting to restart answering
/// its last run, one that never ran a 400 "is waiting to start"; <c>tailLines</c> then <c>limitBytes</c>
/// (counted from the start of the tail); <c>timestamps</c> in RFC 3339 with nine fraction digits.
/// </summary>
internal sealed partial class KubernetesPeer
{
    public const string ServiceAccount = "system:serviceaccount:shop:watchdog";

    public List<FakePod> Pods { get; } = [];

    /// <summary>Answer the pod list with 403, as a Role without <c>pods</c> list does.</summary>
    public bool ForbidPods { get; set; }

    /// <summary>Answer every log request with 403, as a Role without <c>pods/log</c> get does.</summary>
    public bool ForbidLogs { get; set; }

    /// <summary>A hostile server: the log never ends, whatever <c>limitBytes</c> says.</summary>
    public bool EndlessLogs { get; set; }

    /// <summary>A hung server: log requests get no answer until the client gives up.</summary>
    public bool HangLogs { get; set; }

    /// <summary>Set once a log request arrived (for tests that act while it hangs).</summary>
    public TaskCompletionSource LogRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every log request as path and query.</summary>
    public List<string> LogRequests { get; } = [];

    /// <summary>A pod named as the ReplicaSet controller names them, <c>{replicaset}-{suffix}</c>.</summary>
    public FakePod AddPod(string replicaSet, string suffix, Action<FakePod>? configure = null)
    {
        var pod = new FakePod { Name = $"{replicaSet}-{suffix}", ReplicaSet = replicaSet };
        configure?.Invoke(pod);
        lock (Pods) Pods.Add(pod);
        return pod;
    }

    private Answer ListPods(HttpContext ctx)
    {
        if (ForbidPods)
            return Status(HttpStatusCode.Forbidden, "Forbidden", $"pods is forbidden: User \"{ServiceAccount}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ctx.Request.RouteValues["ns"]}\"");
        if ((string?)ctx.Request.RouteValues["ns"] != Namespace) return Page(ctx, "PodList", "v1", []);
        List<JsonObject> all;
        lock (Pods) all = [.. Pods.Select(RenderPod)];
        return Page(ctx, "PodList", "v1", all);
    }

    private JsonObject RenderPod(FakePod pod)
    {
        var release = _platform.Find(pod.ReplicaSet);
        var template = Template(release, withHash: true);
        JsonObject state = pod.Waiting is { } reason
            ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = reason == "CrashLoopBackOff" ? $"back-off 40s restarting failed container=app pod={pod.Name}" : null } }
            : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Seconds(pod.CreatedAt) } };
        var app = new JsonObject
        {
            ["name"] = "app",
            ["image"] = "ghcr.io/example/shop-api:" + release.Version,
            ["ready"] = pod.Ready,
            ["restartCount"] = pod.Restarts,
            ["started"] = pod.Waiting is null,
            ["state"] = state,
            ["lastState"] = pod.PreviousLog is null ? new JsonObject() : new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["containerID"] = "containerd://" + Hash(pod.Name + "-previous") },
            },
        };
        var sidecar = new JsonObject
        {
            ["name"] = "watchdog",
            ["ready"] = true,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Seconds(pod.CreatedAt) } },
            ["lastState"] = new JsonObject(),
        };
        return new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = pod.Name,
                ["namespace"] = Namespace,
                ["uid"] = "uid-pod-" + pod.Name,
                ["creationTimestamp"] = Seconds(pod.CreatedAt),
                ["labels"] = template["metadata"]!["labels"]!.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1",
                    ["kind"] = "ReplicaSet",
                    ["name"] = pod.ReplicaSet,
                    ["uid"] = "uid-" + pod.ReplicaSet,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = template["spec"]!.DeepClone(),
            ["status"] = new JsonObject
            {
                ["phase"] = pod.Waiting == "ContainerCreating" ? "Pending" : "Running",
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Initialized", ["status"] = "True" },
                    new JsonObject { ["type"] = "Ready", ["status"] = pod.Ready ? "True" : "False" },
                    new JsonObject { ["type"] = "ContainersReady", ["status"] = pod.Ready ? "True" : "False" },
                    new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }),
                ["containerStatuses"] = new JsonArray(app, sidecar),
            },
        };
    }

    private async Task<Answer> ReadLogAsync(HttpContext ctx)
    {
        var name = (string?)ctx.Request.RouteValues["name"];
        lock (LogRequests) LogRequests.Add(ctx.Request.Path + ctx.Request.QueryString);
        LogRequested.TrySetResult();
        if (ForbidLogs)
            return Status(HttpStatusCode.Forbidden, "Forbidden", $"pods \"{name}\" is forbidden: User \"{ServiceAccount}\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"{ctx.Request.RouteValues["ns"]}\"");
        if (HangLogs)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return Status(HttpStatusCode.GatewayTimeout, "Timeout", "the client went away");
        }

        FakePod? pod;
        lock (Pods) pod = Pods.FirstOrDefault(p => p.Name == name);
        if (pod is null || (string?)ctx.Request.RouteValues["ns"] != Namespace)
            return Status(HttpStatusCode.NotFound, "NotFound", $"pods \"{name}\" not found");

        var query = ctx.Request.Query;
        var container = query["container"].FirstOrDefault();
        if (container is null)
            return Status(HttpStatusCode.BadRequest, "BadRequest", $"a container name must be specified for pod {pod.Name}, choose one of: [app watchdog]");
        if (container is not ("app" or "watchdog"))
            return Status(HttpStatusCode.BadRequest, "BadRequest", $"container {container} is not valid for pod {pod.Name}");

        List<(DateTimeOffset At, string Text)> lines;
        if (container == "watchdog")
        {
            lines = FakePod.Printed(pod.CreatedAt, "watchdog sidecar: heartbeat");
        }
        else if (query["previous"].FirstOrDefault() == "true")
        {
            if (pod.PreviousLog is null)
                return Status(HttpStatusCode.BadRequest, "BadRequest", $"previous terminated container \"app\" in pod \"{pod.Name}\" not found");
            lines = pod.PreviousLog;
        }
        else if (pod.Waiting is { } reason)
        {
            // Between runs kubelet answers the last one; before the first there is nothing to answer.
            if (pod.PreviousLog is null)
                return Status(HttpStatusCode.BadRequest, "BadRequest", $"container \"app\" in pod \"{pod.Name}\" is waiting to start: {reason}");
            lines = pod.PreviousLog;
        }
        else
        {
            lines = pod.Log;
        }

        if (EndlessLogs) return new(HttpStatusCode.OK, [], EndlessAsync);

        if (int.TryParse(query["tailLines"].FirstOrDefault(), CultureInfo.InvariantCulture, out var tail) && tail >= 0)
            lines = [.. lines.TakeLast(tail)];
        var timestamps = query["timestamps"].FirstOrDefault() == "true";
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => (timestamps ? Stamp(l.At) + " " : "") + l.Text + "\n")));
        if (int.TryParse(query["limitBytes"].FirstOrDefault(), CultureInfo.InvariantCulture, out var limit) && limit > 0 && bytes.Length > limit)
            bytes = bytes[..limit];
        return new(HttpStatusCode.OK, [], response => response.Body.WriteAsync(bytes).AsTask());
    }

    /// <summary>Lines without end until the client hangs up.</summary>
    private static async Task EndlessAsync(HttpResponse response)
    {
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
        try
        {
            for (var i = 0; !response.HttpContext.RequestAborted.IsCancellationRequested; i++)
            {
                var chunk = new StringBuilder();
                for (var j = 0; j < 100; j++, i++)
                    chunk.Append(Stamp(at.AddMilliseconds(i))).Append(" flood line ").Append(i).Append(' ').Append('x', 80).Append('\n');
                await response.WriteAsync(chunk.ToString(), response.HttpContext.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading, as it should.
        }
    }

    private static string Seconds(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 with nine fraction digits, as kubelet writes log timestamps.</summary>
    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
}
