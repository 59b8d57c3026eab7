using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>The JSON patches (RFC 6902, <c>application/json-patch+json</c>) Watchdog sends to a Deployment.</summary>
internal static class Patches
{
    /// <summary>
    /// Deployment annotations a rollback keeps instead of taking the ReplicaSet's (kubectl's
    /// <c>annotationsToSkip</c>; API-NOTES §4.1 step 5 and §7.12 for the two constants' values).
    /// </summary>
    public static readonly IReadOnlySet<string> KeptFromDeployment = new HashSet<string>(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        ReplicaSetObject.RevisionAnnotation,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    };

    /// <summary>
    /// <c>rollout undo</c>'s patch (API-NOTES §4.1 steps 5–6): replace <c>/spec/template</c> with the
    /// ReplicaSet's template less its <c>pod-template-hash</c> label, and replace <c>/metadata/annotations</c>
    /// with the ReplicaSet's annotations, except the <see cref="KeptFromDeployment"/> ones, which keep
    /// the Deployment's values (or stay absent when the Deployment has none).
    /// </summary>
    public static JsonArray Rollback(DeploymentObject deployment, ReplicaSetObject target)
    {
        var annotations = new JsonObject();
        foreach (var (key, value) in deployment.Annotations ?? [])
            if (KeptFromDeployment.Contains(key)) annotations[key] = value?.DeepClone();
        foreach (var (key, value) in target.Annotations ?? [])
            if (!KeptFromDeployment.Contains(key)) annotations[key] = value?.DeepClone();

        // Both ops are "replace", as kubectl sends them: the controller always annotates a Deployment
        // with its revision, so /metadata/annotations exists on any Deployment that has rolled out.
        return new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = PodTemplates.WithoutHash(target.Template) },
            new JsonObject { ["op"] = "replace", ["path"] = "/metadata/annotations", ["value"] = annotations });
    }

    /// <summary>
    /// Sets <paramref name="name"/>=<paramref name="value"/> in the env of container <paramref name="index"/>:
    /// <c>replace</c> the entry by index when the variable exists (dropping any <c>valueFrom</c>), else
    /// <c>add</c> it (and the list when there is none). <c>test</c> ops first pin the container's and the
    /// entry's names, so a template changed since it was read makes the server refuse the patch (422)
    /// rather than edit the wrong entry. Null when the variable already has that literal value.
    /// </summary>
    public static JsonArray? SetEnv(JsonObject container, int index, string name, string value)
    {
        var at = $"/spec/template/spec/containers/{index}";
        var entry = new JsonObject { ["name"] = name, ["value"] = value };
        var ops = new JsonArray(new JsonObject { ["op"] = "test", ["path"] = at + "/name", ["value"] = PodTemplates.Text(container["name"]) });

        if (container["env"] is not JsonArray env)
        {
            ops.Add((JsonNode)new JsonObject { ["op"] = "add", ["path"] = at + "/env", ["value"] = new JsonArray(entry) });
            return ops;
        }

        var i = 0;
        while (i < env.Count && PodTemplates.Text(env[i]?["name"]) != name) i++;
        if (i == env.Count)
        {
            ops.Add((JsonNode)new JsonObject { ["op"] = "add", ["path"] = at + "/env/-", ["value"] = entry });
            return ops;
        }

        if (PodTemplates.Text(env[i]!["value"]) == value && env[i]!["valueFrom"] is null) return null;
        ops.Add((JsonNode)new JsonObject { ["op"] = "test", ["path"] = $"{at}/env/{i}/name", ["value"] = name });
        ops.Add((JsonNode)new JsonObject { ["op"] = "replace", ["path"] = $"{at}/env/{i}", ["value"] = entry });
        return ops;
    }
}
