using System.Text.Json.Nodes;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Statuspage;

/// <summary>
/// The <c>{"incident":{…}}</c> bodies of create and update (API-NOTES §6.4). Only <see cref="Notification.Public"/>
/// reaches the page: title, lines and facts hold versions, rules and internals the public must not see.
/// </summary>
internal static class StatuspageIncident
{
    public const int MaxNameChars = 255;
    public const int MaxBodyChars = 25_000;

    /// <summary>What a resolve sets the component back to.</summary>
    public const string Operational = "operational";

    /// <summary>The page incident's title: the public text's first line (its heading), cut to 255.</summary>
    public static string Name(string publicText)
    {
        var first = publicText.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        return PlainText.Cut(first, MaxNameChars);
    }

    public static JsonObject Create(Notification n, string status, string? componentId, StatuspageOptions options)
    {
        var incident = new JsonObject
        {
            ["name"] = Name(n.Public!),
            ["status"] = status,
            ["body"] = PlainText.Cut(n.Public!, MaxBodyChars),
            ["impact_override"] = options.Impact[n.Severity],
            ["deliver_notifications"] = options.DeliverNotifications,
            ["metadata"] = new JsonObject { ["watchdog"] = new JsonObject { ["incident"] = n.IncidentId } },
        };
        if (componentId is not null)
        {
            incident["component_ids"] = new JsonArray(componentId);
            incident["components"] = Components(componentId, status, n.Severity, options);
        }

        return new JsonObject { ["incident"] = incident };
    }

    public static JsonObject Update(Notification n, string status, string? componentId, StatuspageOptions options)
    {
        var incident = new JsonObject
        {
            ["status"] = status,
            ["body"] = PlainText.Cut(n.Public!, MaxBodyChars),
            ["deliver_notifications"] = options.DeliverNotifications,
        };
        if (componentId is not null)
            incident["components"] = Components(componentId, status, n.Severity, options);
        return new JsonObject { ["incident"] = incident };
    }

    // Marked by the latest notification's severity while open, so the page follows the recovery; operational once resolved.
    private static JsonObject Components(string componentId, string status, Severity severity, StatuspageOptions options) => new()
    {
        [componentId] = status == StatuspageLifecycle.Resolved ? Operational : options.ComponentStatus[severity],
    };
}
