using System.Text;

namespace Watchdog.Integrations.Tests.Alerts;

/// <summary>Bodies shaped exactly as API-NOTES §5.2 shows Alertmanager's webhook (v0.34: notification_reason, routeLabels).</summary>
internal static class AlertmanagerPayloads
{
    /// <summary>One group: a firing alert (Go zero endsAt) and a resolved one, one more cut by max_alerts.</summary>
    public const string Grouped = """
        {"version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","truncatedAlerts":1,
         "status":"firing","receiver":"watchdog",
         "groupLabels":{"alertname":"HighErrorRate"},
         "commonLabels":{"alertname":"HighErrorRate"},
         "commonAnnotations":{},
         "externalURL":"http://am:9093","notification_reason":"new alerts in group",
         "routeLabels":{"team":"payments"},
         "alerts":[
           {"status":"firing",
            "labels":{"alertname":"HighErrorRate","service":"checkout","severity":"warning","signal":"error_rate"},
            "annotations":{"summary":"Error rate above 10% on checkout","value":"0.23"},
            "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",
            "generatorURL":"http://prom/graph?g0.expr=rate","fingerprint":"1a2b3c4d5e6f7a8b"},
           {"status":"resolved",
            "labels":{"alertname":"HighErrorRate","service":"search","severity":"critical"},
            "annotations":{"description":"Error rate back under 10% on search"},
            "startsAt":"2025-12-31T23:40:00.123456789Z","endsAt":"2026-01-01T00:05:00.5Z",
            "generatorURL":"http://prom/graph?g0.expr=rate","fingerprint":"0f0e0d0c0b0a0908"}
         ]}
        """;

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>A version 4 body around one alert given as JSON.</summary>
    public static byte[] WithAlert(string alertJson) => Bytes($$"""
        {"version":"4","groupKey":"{}:{}","truncatedAlerts":0,"status":"firing","receiver":"watchdog",
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
         "alerts":[{{alertJson}}]}
        """);

    /// <summary>A firing alert with these labels (JSON object text) and annotations.</summary>
    public static byte[] FiringWith(string labels, string annotations = "{}") => WithAlert($$"""
        {"status":"firing","labels":{{labels}},"annotations":{{annotations}},
         "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"aaaabbbbccccdddd"}
        """);
}
