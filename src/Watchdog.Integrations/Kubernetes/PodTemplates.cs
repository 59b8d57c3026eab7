using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>Pod templates as <c>rollout undo</c> compares and copies them, kept as JSON so no field the server sends is lost.</summary>
internal static class PodTemplates
{
    /// <summary>The label the Deployment controller adds to each ReplicaSet's template and selector.</summary>
    public const string HashLabel = "pod-template-hash";

    /// <summary>A copy without the <c>pod-template-hash</c> label (API-NOTES §4.1 step 5).</summary>
    public static JsonObject WithoutHash(JsonObject template)
    {
        var copy = (JsonObject)template.DeepClone();
        (copy["metadata"]?["labels"] as JsonObject)?.Remove(HashLabel);
        return copy;
    }

    /// <summary>
    /// kubectl's <c>EqualIgnoreHash</c> (§4.1 step 4): equal once the hash label is dropped. Like
    /// apimachinery's semantic equality, a missing field, a null and an empty list or map are the same;
    /// key order never matters.
    /// </summary>
    public static bool EqualIgnoringHash(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(Normal(WithoutHash(a)), Normal(WithoutHash(b)));

    private static JsonNode? Normal(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var obj = new JsonObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (Normal(value) is { } v) obj[key] = v;
                return obj.Count == 0 ? null : obj;
            case JsonArray a:
                var array = new JsonArray();
                foreach (var item in a) array.Add(Normal(item) ?? new JsonObject());
                return array.Count == 0 ? null : array;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>The container named <paramref name="name"/>, or the first when no name is given; null when there is none.</summary>
    public static (JsonObject Container, int Index)? Container(JsonObject template, string? name)
    {
        if (template["spec"]?["containers"] is not JsonArray containers) return null;
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not JsonObject c) continue;
            if (name is null || Text(c["name"]) == name) return (c, i);
        }

        return null;
    }

    /// <summary>
    /// What people call the release: the tag of the app container's image (<c>shop-api:1.4.2</c> → <c>1.4.2</c>),
    /// else its digest, else the image as written. The first container stands in when the named one is absent
    /// from an older template.
    /// </summary>
    public static string Version(JsonObject template, string? container)
    {
        var found = Container(template, container) ?? Container(template, null);
        return Text(found?.Container["image"]) is { Length: > 0 } image ? ImageTag(image) : "(no image)";
    }

    public static string ImageTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        // A colon before the last slash is a registry port (localhost:5000/app), not a tag.
        if (colon > name.LastIndexOf('/')) return name[(colon + 1)..];
        return at >= 0 ? image[(at + 1)..] : image;
    }

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
