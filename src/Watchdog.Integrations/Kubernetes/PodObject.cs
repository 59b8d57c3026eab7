using System.Globalization;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>The fields of a <c>v1</c> Pod that choosing whose logs to keep reads: is it Ready, how often did the app container restart.</summary>
/// <param name="Restarts">The app container's <c>restartCount</c>.</param>
/// <param name="HasRun">The app container runs or has run (a state or last state other than waiting): kubelet has logs for it.</param>
internal sealed record PodObject(string Name, bool Ready, int Restarts, bool HasRun, DateTimeOffset? CreatedAt)
{
    /// <summary>
    /// The pod, when <paramref name="replicaSetUid"/> is its controller (null uid: any pod the selector found);
    /// null for any other pod, and for one without a name.
    /// </summary>
    public static PodObject? ParseIfControlledBy(JsonObject pod, string? replicaSetUid, string container)
    {
        var metadata = pod["metadata"] as JsonObject;
        if (replicaSetUid is not null && !ReplicaSetObject.IsControlledBy(metadata, replicaSetUid)) return null;
        if (PodTemplates.Text(metadata?["name"]) is not { Length: > 0 } name) return null;

        var ready = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c =>
            PodTemplates.Text(c["type"]) == "Ready" && PodTemplates.Text(c["status"]) == "True") == true;
        var status = (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => PodTemplates.Text(c["name"]) == container);
        var restarts = (int)(DeploymentObject.Number(status?["restartCount"]) ?? 0);
        var hasRun = status?["state"]?["running"] is JsonObject || status?["state"]?["terminated"] is JsonObject
            || status?["lastState"]?["terminated"] is JsonObject;
        var created = PodTemplates.Text(metadata!["creationTimestamp"]) is { } t
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        return new PodObject(name, ready, restarts, hasRun, created);
    }

    /// <summary>
    /// The pods whose logs tell most about a failure first: ones with logs at all, then not Ready, then most
    /// restarted, then newest. A pod that never started comes last; asking it only says why it waits.
    /// </summary>
    public static IEnumerable<PodObject> MostTelling(IEnumerable<PodObject> pods) => pods
        .OrderByDescending(p => p.HasRun)
        .ThenBy(p => p.Ready)
        .ThenByDescending(p => p.Restarts)
        .ThenByDescending(p => p.CreatedAt)
        .ThenBy(p => p.Name, StringComparer.Ordinal);
}
