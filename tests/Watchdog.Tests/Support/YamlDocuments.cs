using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Watchdog.Tests.Support;

/// <summary>YAML (one document or a `---` stream, with anchors and merge keys) as JSON nodes, to check facts of a manifest. Scalars stay strings.</summary>
public static class YamlDocuments
{
    public static IReadOnlyList<JsonNode> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        var parser = new MergingParser(new Parser(new StringReader(yaml)));
        parser.Consume<StreamStart>();
        var documents = new List<JsonNode>();
        while (parser.Accept<DocumentStart>(out _))
            if (deserializer.Deserialize<object>(parser) is { } document)
                documents.Add(JsonNode.Parse(json.Serialize(document))!);
        return documents;
    }

    /// <summary>The one resource of <paramref name="kind"/> named <paramref name="name"/> in rendered manifests.</summary>
    public static JsonNode Resource(this IReadOnlyList<JsonNode> documents, string kind, string name) =>
        documents.Single(d => (string?)d["kind"] == kind && (string?)d["metadata"]?["name"] == name);
}
