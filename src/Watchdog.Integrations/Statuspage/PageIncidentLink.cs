using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Statuspage;

/// <summary>
/// The ledger's fact for one Watchdog incident: which page incident it opened and the status last set there,
/// stored as <c>{"id":"…","status":"…"}</c> so a restarted Watchdog updates that incident instead of opening another.
/// </summary>
internal sealed record PageIncidentLink(string Id, string Status)
{
    public bool IsResolved => Status == StatuspageLifecycle.Resolved;

    public string Serialize() => new JsonObject { ["id"] = Id, ["status"] = Status }.ToJsonString();

    /// <summary>Null when the stored value is not a link this class wrote.</summary>
    public static PageIncidentLink? Parse(string value)
    {
        try
        {
            return JsonNode.Parse(value) is JsonObject o
                && o["id"] is JsonValue id && id.TryGetValue<string>(out var i) && i.Length > 0
                && o["status"] is JsonValue status && status.TryGetValue<string>(out var s)
                ? new PageIncidentLink(i, s)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
