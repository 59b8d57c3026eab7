using System.Globalization;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>The fields of an <c>apps/v1</c> ReplicaSet that rollout history reads; the template stays raw JSON.</summary>
/// <param name="Revision">The <c>deployment.kubernetes.io/revision</c> annotation; null when absent or not an integer.</param>
/// <param name="FailingToCreatePods">A <c>ReplicaFailure</c> condition is True: its pods cannot even be created (quota, admission).</param>
/// <param name="Uid">Its <c>metadata.uid</c>, which its pods' controller reference carries.</param>
/// <param name="Selector">Its <c>spec.selector</c> as sent (the Deployment's plus <c>pod-template-hash</c>): what finds its pods.</param>
internal sealed record ReplicaSetObject(
    string Name,
    long? Revision,
    DateTimeOffset? CreatedAt,
    JsonObject Template,
    JsonObject? Annotations,
    bool FailingToCreatePods,
    string? Uid = null,
    JsonObject? Selector = null)
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>
    /// The ReplicaSet, when <paramref name="deploymentUid"/> is its controller (<c>metav1.IsControlledBy</c>:
    /// an owner reference with <c>controller: true</c> and that uid); null for any other, however alike its labels.
    /// </summary>
    /// <exception cref="FormatException">An owned ReplicaSet lacks its name or template.</exception>
    public static ReplicaSetObject? ParseIfControlledBy(JsonObject rs, string deploymentUid)
    {
        var metadata = rs["metadata"] as JsonObject;
        if (!IsControlledBy(metadata, deploymentUid)) return null;

        var name = PodTemplates.Text(metadata!["name"]) ?? throw new FormatException("a ReplicaSet has no metadata.name");
        var annotations = metadata["annotations"] as JsonObject;
        var revision = PodTemplates.Text(annotations?[RevisionAnnotation]) is { } r
            && long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        var created = PodTemplates.Text(metadata["creationTimestamp"]) is { } t
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        var failing = (rs["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c =>
            PodTemplates.Text(c["type"]) == "ReplicaFailure" && PodTemplates.Text(c["status"]) == "True") == true;
        return new ReplicaSetObject(
            name,
            revision,
            created,
            rs["spec"]?["template"] as JsonObject ?? throw new FormatException($"ReplicaSet {name} has no spec.template"),
            annotations,
            failing,
            PodTemplates.Text(metadata["uid"]),
            rs["spec"]?["selector"] as JsonObject);
    }

    /// <summary><c>metav1.IsControlledBy</c>: an owner reference with <c>controller: true</c> carries <paramref name="uid"/>.</summary>
    public static bool IsControlledBy(JsonObject? metadata, string uid) =>
        (metadata?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().Any(o =>
            o["controller"] is JsonValue c && c.TryGetValue<bool>(out var isController) && isController
            && PodTemplates.Text(o["uid"]) == uid) == true;
}
