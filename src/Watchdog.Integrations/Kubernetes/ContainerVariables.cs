using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// The app container's configuration variables as the Deployment gives them: its <c>env</c> (a value, or where
/// <c>valueFrom</c> points), and the ConfigMaps it reads (<c>envFrom</c> <c>configMapRef</c>, <c>env</c>
/// <c>configMapKeyRef</c>), each key a variable. A Secret is never read: only the reference to it is digested. An entry
/// is dated by the newest <c>managedFields</c> time of the object it came from (the Deployment or the ConfigMap), the
/// API's own record of when a manager last wrote it. Needs <c>configmaps</c> (get) in the Role when ConfigMaps are used.
/// </summary>
internal static class ContainerVariables
{
    /// <summary>ConfigMaps read at most: a container reading more fails the read rather than be read in part.</summary>
    public const int MaxConfigMaps = 16;

    public static async Task<IReadOnlyList<VariableState>> ReadAsync(KubernetesApi api, string ns, JsonObject deployment, string? containerName, CancellationToken ct)
    {
        var template = deployment["spec"]?["template"] as JsonObject ?? throw new PeerRefusedException("Kubernetes", "the Deployment has no pod template");
        if (PodTemplates.Container(template, containerName) is not ({ } container, _))
            throw new PeerRefusedException("Kubernetes", containerName is null ? "the Deployment has no containers" : $"the Deployment has no container named {containerName}");

        var at = Written(deployment);
        var maps = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        async Task<JsonObject> MapAsync(string name)
        {
            if (maps.TryGetValue(name, out var known)) return known;
            if (maps.Count >= MaxConfigMaps) throw new PeerRefusedException("Kubernetes", $"the container reads more than {MaxConfigMaps} ConfigMaps; not read for changes");
            try
            {
                return maps[name] = await api.GetAsync($"api/v1/namespaces/{Uri.EscapeDataString(ns)}/configmaps/{Uri.EscapeDataString(name)}", ct);
            }
            catch (PeerRefusedException e) when (e.StatusCode == HttpStatusCode.Forbidden)
            {
                // The shipped Role has this rule commented out, as the variable poll is off by default.
                throw RoleRefusal.Explain(e, $"get configmaps/{name} in namespace {ns}, which the container reads", "configmaps (get)");
            }
        }

        var found = new Dictionary<string, VariableState>(StringComparer.Ordinal);
        // envFrom first: an env entry of the same name wins, as it does in the pod.
        foreach (var source in container["envFrom"] as JsonArray ?? [])
        {
            if (PodTemplates.Text(source?["configMapRef"]?["name"]) is not { } name) continue;
            var map = await MapAsync(name);
            var prefix = PodTemplates.Text(source!["prefix"]) ?? "";
            foreach (var (key, value) in map["data"] as JsonObject ?? [])
                found[prefix + key] = new VariableState(prefix + key, VariableDigest.Of(value?.ToJsonString()), Written(map));
        }

        foreach (var env in container["env"] as JsonArray ?? [])
        {
            if (PodTemplates.Text(env?["name"]) is not { } name) continue;
            if (env!["valueFrom"]?["configMapKeyRef"] is JsonObject reference && PodTemplates.Text(reference["name"]) is { } mapName && PodTemplates.Text(reference["key"]) is { } key)
            {
                var map = await MapAsync(mapName);
                found[name] = new VariableState(name, VariableDigest.Of($"{mapName}/{key}={map["data"]?[key]?.ToJsonString()}"), Written(map));
            }
            else
            {
                found[name] = new VariableState(name, VariableDigest.Of(env["valueFrom"] is { } from ? "from:" + from.ToJsonString() : env["value"]?.ToJsonString()), at);
            }
        }

        return [.. found.Values];
    }

    /// <summary>The newest <c>metadata.managedFields[].time</c>: when a manager last wrote the object; null when none is recorded.</summary>
    private static DateTimeOffset? Written(JsonObject o) => (o["metadata"]?["managedFields"] as JsonArray ?? [])
        .Select(f => PodTemplates.Text(f?["time"]) is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : (DateTimeOffset?)null)
        .Max();
}
