using Watchdog.Integrations.Http;
using System.Globalization;
using System.Text.Json;

namespace Watchdog.Integrations.Railway;

/// <summary>A deployment node as Railway answers it (API-NOTES.md §2.2 <c>type Deployment</c>), the fields the provider selects.</summary>
internal sealed record RailwayDeployment(
    string Id,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StatusUpdatedAt,
    bool CanRollback,
    bool? CanRedeploy,
    string Version,
    IReadOnlyList<string> InstanceStatuses)
{
    public override string ToString() => Id == Version ? Id : $"{Version} ({Id})";

    /// <summary>Reads one node; a node without the schema's non-null fields makes the whole answer unusable.</summary>
    /// <exception cref="PeerRefusedException">A required field is missing or of the wrong type.</exception>
    public static RailwayDeployment Parse(JsonElement node, IReadOnlyList<string> versionKeys, string operation)
    {
        if (node.ValueKind != JsonValueKind.Object)
            throw Bad(operation, "a deployment that is not an object");

        var id = String(node, "id") is { Length: > 0 } i ? i : throw Bad(operation, "a deployment without an id");
        var status = String(node, "status") is { Length: > 0 } s ? s : throw Bad(operation, $"deployment {id} without a status");
        var createdAt = Time(node, "createdAt") ?? throw Bad(operation, $"deployment {id} without a valid createdAt");
        var canRollback = node.TryGetProperty("canRollback", out var cr) && cr.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? cr.GetBoolean()
            : throw Bad(operation, $"deployment {id} without canRollback");
        bool? canRedeploy = node.TryGetProperty("canRedeploy", out var cd) && cd.ValueKind is JsonValueKind.True or JsonValueKind.False ? cd.GetBoolean() : null;

        List<string> instances = [];
        if (node.TryGetProperty("instances", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var instance in list.EnumerateArray())
                if (String(instance, "status") is { } st) instances.Add(st);
        }

        return new RailwayDeployment(id, status, createdAt, Time(node, "statusUpdatedAt"), canRollback, canRedeploy, VersionOf(node, versionKeys) ?? id, instances);
    }

    /// <summary>
    /// The first of <paramref name="keys"/> in <c>meta</c> that holds a non-empty string. §7 note 5: <c>meta</c> is
    /// an untyped JSON scalar with no documented keys, so which keys to try is configuration.
    /// </summary>
    private static string? VersionOf(JsonElement node, IReadOnlyList<string> keys)
    {
        if (!node.TryGetProperty("meta", out var meta) || meta.ValueKind != JsonValueKind.Object) return null;
        foreach (var key in keys)
        {
            if (meta.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()?.Trim() is { Length: > 0 } v)
                return v;
        }

        return null;
    }

    private static string? String(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>§2.2: <c>DateTime</c> is an RFC 3339 UTC string.</summary>
    private static DateTimeOffset? Time(JsonElement node, string name) =>
        String(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    private static PeerRefusedException Bad(string operation, string what) =>
        new("Railway", $"Railway {operation}: the answer holds {what}.");
}
