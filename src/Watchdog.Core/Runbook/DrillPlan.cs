using System.Text.Json;
using System.Text.Json.Serialization;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>
/// What a drill must remember across a restart: the deployment that was live before it, and whether to roll forward to it.
/// Kept in the ledger under the drill's incident id.
/// </summary>
internal sealed partial record DrillPlan(Deployment Original, bool RollForward)
{
    public const string LedgerScope = "drill";

    private sealed record Stored(string Id, string Version, bool RollForward);

    // Source-generated with the web defaults it was always written with (camelCase, read in any case).
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Stored))]
    private sealed partial class StoredJson : JsonSerializerContext;

    public string Write() => JsonSerializer.Serialize(new Stored(Original.Id, Original.Version, RollForward), StoredJson.Default.Stored);

    public static DrillPlan? Read(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize(json, StoredJson.Default.Stored) is { Id: { } id, Version: { } version } s
                ? new DrillPlan(new Deployment(id, version), s.RollForward)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
