using System.Globalization;
using System.Text.Json.Nodes;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Schema;

/// <summary>
/// Turns the recorded keys into JSON Schema (draft-07). Every entry of a list is merged into one item schema; a
/// section whose entries name different <c>Type</c>s (a provider) becomes one alternative per type, each closed to
/// the keys its type reads. Every section is closed (<c>additionalProperties: false</c>), as check-config is.
/// </summary>
internal sealed class SchemaBuilder(KeyDescriptions descriptions)
{
    private const string TypeKey = "Type";

    public JsonObject Section(IReadOnlyList<KeyTree> instances)
    {
        var types = instances.Select(i => i.Child(TypeKey)?.Key).Where(k => k is not null)
            .Select(k => (k!.Value ?? k.Default)!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (types.Count < 2) return Closed(instances, null);
        var fallback = instances.Select(i => i.Child(TypeKey)!.Key!.Default).First();
        return new JsonObject
        {
            ["anyOf"] = new JsonArray([.. types.Select(t => (JsonNode)Closed(
                [.. instances.Where(i => string.Equals(i.Child(TypeKey)!.Key!.Value ?? fallback, t, StringComparison.OrdinalIgnoreCase))],
                (t, Optional: string.Equals(t, fallback, StringComparison.OrdinalIgnoreCase))))]),
        };
    }

    private JsonObject Closed(IReadOnlyList<KeyTree> instances, (string Name, bool Optional)? type)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var name in instances.SelectMany(i => i.Children.Select(c => c.Name)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var children = instances.Select(i => i.Child(name)).OfType<KeyTree>().ToList();
            var schema = Property(children);
            if (type is { } t && name.Equals(TypeKey, StringComparison.OrdinalIgnoreCase))
            {
                schema["enum"] = new JsonArray(t.Name);
                schema.Remove("default");
                if (!t.Optional) required.Add((JsonNode)name);
            }

            properties[name] = schema;
            if (children[0].Key is { Required: true }) required.Add((JsonNode)name);
        }

        var section = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        if (required.Count > 0) section["required"] = required;
        return section;
    }

    private JsonObject Property(IReadOnlyList<KeyTree> nodes)
    {
        var node = nodes[0];
        var schema = node.Key switch
        {
            { Kind: ConfigKind.List } => new JsonObject { ["type"] = "array", ["items"] = Section([.. nodes.SelectMany(n => n.Children.Select(c => c.Node))]) },
            { Kind: ConfigKind.Strings } => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            { Kind: ConfigKind.Map } => new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
            { } key => Scalar(key),
            null => Section(nodes),
        };
        var described = new JsonObject { ["description"] = descriptions.Of(node.Path, node.Key) };
        foreach (var (name, value) in schema.ToList())
        {
            schema.Remove(name);
            described[name] = value;
        }

        return described;
    }

    /// <summary>Durations as <see cref="ConfigReader.TryDuration"/> takes them: <c>0</c>, a number and a unit, or <c>[d.]hh:mm[:ss[.f]]</c>.</summary>
    public const string DurationPattern = @"^\s*(?:0|(?:\d+\.?\d*|\.\d+)(?:[mM][sS]|[sSmMhHdD])|(?:\d+[.:])?\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d{1,7})?)?)\s*$";

    private static JsonObject Scalar(ConfigKey key)
    {
        var s = key.Kind switch
        {
            ConfigKind.Enum => new JsonObject { ["enum"] = new JsonArray([.. key.Values!.Select(v => (JsonNode)v)]) },
            // JSON numbers and booleans arrive as strings through .NET configuration, and both spellings are read.
            ConfigKind.Number => new JsonObject { ["type"] = new JsonArray("number", "string"), ["pattern"] = @"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$" },
            ConfigKind.Integer => new JsonObject { ["type"] = new JsonArray("integer", "string"), ["pattern"] = @"^\s*[-+]?\d+\s*$" },
            ConfigKind.Bool => new JsonObject { ["type"] = new JsonArray("boolean", "string"), ["pattern"] = "^\\s*(?:[tT][rR][uU][eE]|[fF][aA][lL][sS][eE])\\s*$" },
            // A bare 0 ("off") is the one duration without a unit.
            ConfigKind.Duration => new JsonObject { ["type"] = new JsonArray("string", "integer"), ["pattern"] = DurationPattern, ["minimum"] = 0, ["maximum"] = 0 },
            ConfigKind.Url => new JsonObject { ["type"] = "string", ["pattern"] = "^[hH][tT][tT][pP][sS]?://" },
            _ => new JsonObject { ["type"] = "string" },
        };
        if (key.Kind is ConfigKind.Number or ConfigKind.Integer)
        {
            if (key.Min is { } min) s["minimum"] = min;
            if (key.Max is { } max) s["maximum"] = max;
        }

        if (key.Default is { } d) s["default"] = Typed(key.Kind, d);
        return s;
    }

    private static JsonNode Typed(ConfigKind kind, string value) => kind switch
    {
        ConfigKind.Number or ConfigKind.Integer => JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture)),
        ConfigKind.Bool => JsonValue.Create(value == "true"),
        _ => JsonValue.Create(value),
    };
}
