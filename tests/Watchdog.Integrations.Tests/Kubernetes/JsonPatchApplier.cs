using System.Globalization;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>
/// RFC 6902 as the API server applies a <c>application/json-patch+json</c> body: add, remove, replace and
/// test on JSON pointers, failing the whole patch on a missing path or a failed test.
/// </summary>
internal static class JsonPatchApplier
{
    /// <exception cref="InvalidOperationException">An op does not apply; the message says which and why.</exception>
    public static JsonObject Apply(JsonObject document, JsonArray ops)
    {
        var doc = (JsonObject)document.DeepClone();
        foreach (var node in ops)
        {
            if (node is not JsonObject op || op["op"]?.GetValue<string>() is not { } kind || op["path"]?.GetValue<string>() is not { } path)
                throw new InvalidOperationException("an operation lacks op or path");
            var (parent, key) = Parent(doc, path);
            switch (kind)
            {
                case "add":
                    Add(parent, key, Value(op), path);
                    break;
                case "replace":
                    _ = Get(parent, key, kind, path);
                    Set(parent, key, Value(op));
                    break;
                case "remove":
                    _ = Get(parent, key, kind, path);
                    if (parent is JsonObject o) o.Remove(key);
                    else ((JsonArray)parent).RemoveAt(Index(key, path));
                    break;
                case "test":
                    if (Canonical(Get(parent, key, kind, path)) != Canonical(op["value"]))
                        throw new InvalidOperationException($"testing value {path} failed");
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected kind: {kind}");
            }
        }

        return doc;
    }

    /// <summary>Key-sorted JSON text, so two nodes compare equal whatever their property order.</summary>
    public static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw new InvalidOperationException("an operation lacks its value");

    private static (JsonNode Parent, string Key) Parent(JsonObject doc, string path)
    {
        if (!path.StartsWith('/')) throw new InvalidOperationException($"path {path} is not a JSON pointer");
        var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode current = doc;
        foreach (var token in tokens[..^1])
            current = Get(current, token, "resolve", path) ?? throw new InvalidOperationException($"doc is missing path: {path}");
        return (current, tokens[^1]);
    }

    private static JsonNode? Get(JsonNode parent, string key, string kind, string path) => parent switch
    {
        JsonObject o when o.TryGetPropertyValue(key, out var v) => v,
        JsonArray a when key != "-" && Index(key, path) < a.Count => a[Index(key, path)],
        _ => throw new InvalidOperationException($"{kind} operation does not apply: doc is missing path: {path}"),
    };

    private static void Set(JsonNode parent, string key, JsonNode? value)
    {
        if (parent is JsonObject o) o[key] = value;
        else ((JsonArray)parent)[Index(key, "")] = value;
    }

    private static void Add(JsonNode parent, string key, JsonNode? value, string path)
    {
        switch (parent)
        {
            case JsonObject o:
                o[key] = value;
                break;
            case JsonArray a when key == "-":
                a.Add(value);
                break;
            case JsonArray a when Index(key, path) <= a.Count:
                a.Insert(Index(key, path), value);
                break;
            default:
                throw new InvalidOperationException($"add operation does not apply: doc is missing path: {path}");
        }
    }

    private static int Index(string key, string path) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw new InvalidOperationException($"{path}: {key} is not an array index");
}
