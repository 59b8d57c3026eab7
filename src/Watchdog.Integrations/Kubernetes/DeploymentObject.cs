using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>The fields of an <c>apps/v1</c> Deployment that rollback and rollout status read; the template stays raw JSON.</summary>
internal sealed record DeploymentObject(
    string Name,
    string Uid,
    long Generation,
    bool Paused,
    int Replicas,
    string Selector,
    JsonObject Template,
    JsonObject? Annotations,
    RolloutStatus Status)
{
    /// <exception cref="FormatException">A field rollback needs is missing or of the wrong type.</exception>
    public static DeploymentObject Parse(JsonObject d)
    {
        var metadata = d["metadata"] as JsonObject ?? throw new FormatException("the Deployment has no metadata");
        var spec = d["spec"] as JsonObject ?? throw new FormatException("the Deployment has no spec");
        var status = d["status"] as JsonObject;
        return new DeploymentObject(
            PodTemplates.Text(metadata["name"]) ?? throw new FormatException("the Deployment has no metadata.name"),
            PodTemplates.Text(metadata["uid"]) ?? throw new FormatException("the Deployment has no metadata.uid"),
            Number(metadata["generation"]) ?? 0,
            spec["paused"] is JsonValue p && p.TryGetValue<bool>(out var paused) && paused,
            // apps/v1 defaults spec.replicas to 1 and drops it from nothing; absent means 1.
            (int)(Number(spec["replicas"]) ?? 1),
            LabelSelector.Render(spec["selector"] as JsonObject),
            spec["template"] as JsonObject ?? throw new FormatException("the Deployment has no spec.template"),
            metadata["annotations"] as JsonObject,
            new RolloutStatus(
                Number(status?["observedGeneration"]) ?? 0,
                (int)(Number(status?["replicas"]) ?? 0),
                (int)(Number(status?["updatedReplicas"]) ?? 0),
                (int)(Number(status?["availableReplicas"]) ?? 0),
                DeadlineExceeded(status?["conditions"] as JsonArray)));
    }

    /// <summary>
    /// Whether the controller has seen this spec and finished rolling it out: observed generation ≥
    /// generation, every replica updated and available, and no old replica left (as <c>kubectl rollout status</c> waits for).
    /// </summary>
    public bool RolloutComplete =>
        Status.ObservedGeneration >= Generation
        && Status.UpdatedReplicas == Replicas
        && Status.AvailableReplicas == Replicas
        && Status.Replicas == Status.UpdatedReplicas;

    /// <summary>
    /// The ReplicaSet the controller gave up waiting for: the <c>Progressing</c> condition is False with
    /// reason <c>ProgressDeadlineExceeded</c>, whose message reads <c>ReplicaSet "name" has timed out progressing.</c>
    /// </summary>
    private static string? DeadlineExceeded(JsonArray? conditions)
    {
        var progressing = conditions?.OfType<JsonObject>().FirstOrDefault(c => PodTemplates.Text(c["type"]) == "Progressing");
        if (progressing is null || PodTemplates.Text(progressing["status"]) != "False"
            || PodTemplates.Text(progressing["reason"]) != "ProgressDeadlineExceeded")
            return null;
        var message = PodTemplates.Text(progressing["message"]) ?? "";
        var start = message.IndexOf("ReplicaSet \"", StringComparison.Ordinal);
        if (start < 0) return null;
        start += "ReplicaSet \"".Length;
        var end = message.IndexOf('"', start);
        return end > start ? message[start..end] : null;
    }

    /// <summary>An integer field, whether the node was parsed (a JSON element) or built in memory (an int).</summary>
    internal static long? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        _ => null,
    };
}

/// <summary>A Deployment's rollout as its status reports it.</summary>
/// <param name="TimedOut">The ReplicaSet named by a <c>ProgressDeadlineExceeded</c> condition, if any.</param>
internal sealed record RolloutStatus(long ObservedGeneration, int Replicas, int UpdatedReplicas, int AvailableReplicas, string? TimedOut);
