using System.Text.Json;
using Watchdog.Core.Decisions;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// A <c>metric_alert</c> delivery (API-NOTES §1.5): one Sentry metric-alert incident, keyed by its id, so
/// the <c>resolved</c> delivery withdraws what <c>critical</c> or <c>warning</c> raised.
/// </summary>
internal static class SentryMetricAlert
{
    private const string At = "data.metric_alert";

    public static AlertParseResult Read(JsonElement root, SentryMappingOptions mapping)
    {
        var action = PayloadJson.String(root, "", "action");
        var data = PayloadJson.Object(root, "", "data");
        var incident = PayloadJson.Object(data, "data", "metric_alert");
        var id = PayloadJson.OptionalId(incident, At, "id") ?? throw new MalformedPayloadException($"{At}.id is required");
        var key = "metric:" + AlertText.Bounded(id, AlertText.MaxQuotedChars);

        var rule = PayloadJson.OptionalObject(incident, At, "alert_rule");
        var ruleName = rule is { } r ? PayloadJson.OptionalString(r, At + ".alert_rule", "name") : null;
        var projects = PayloadJson.Strings(PayloadJson.Optional(incident, "projects"), At + ".projects");
        if (projects.Count == 0 && rule is { } withProjects)
            projects = PayloadJson.Strings(PayloadJson.Optional(withProjects, "projects"), At + ".alert_rule.projects");

        var startsAt = StartedAt(incident);
        var summary = AlertText.Summary(
            PayloadJson.OptionalString(data, "data", "description_title"),
            PayloadJson.OptionalString(data, "data", "description_text"),
            ruleName ?? PayloadJson.OptionalString(incident, At, "title") ?? "Sentry metric alert " + id,
            separator: " — ");

        AlertStatus status;
        Core.Rules.Meaning meaning;
        var byRule = SentryWebhook.RuleMeaning(mapping, ruleName);
        switch (action.ToLowerInvariant())
        {
            case "critical":
                (status, meaning) = (AlertStatus.Firing, byRule ?? mapping.CriticalMeaning);
                break;
            case "warning" when mapping.WarningMeaning is { } warning:
                (status, meaning) = (AlertStatus.Firing, byRule ?? warning);
                break;
            case "warning":
                return Ignored(key, "action 'warning' is ignored: WarningMeaning is not set");
            case "resolved":
                (status, meaning) = (AlertStatus.Resolved, byRule ?? mapping.CriticalMeaning);
                break;
            default:
                return Ignored(key, $"action {AlertText.Quote(action)} is not critical, warning or resolved");
        }

        if (SentryWebhook.ServiceFor(projects, projects, mapping, out var why) is not { } service) return Ignored(key, why!);
        return AlertParseResult.Read([new PushedAlert(service, key, mapping.Source, status, meaning, summary, startsAt)], []);
    }

    /// <summary>When the incident began: <c>date_started</c>, else when it was detected or created.</summary>
    private static DateTimeOffset StartedAt(JsonElement incident)
    {
        foreach (var name in (string[])["date_started", "date_detected", "date_created"])
        {
            if (PayloadJson.Optional(incident, name) is { } value)
                return PayloadJson.Time(value, $"{At}.{name}");
        }

        throw new MalformedPayloadException($"{At}.date_started is required");
    }

    private static AlertParseResult Ignored(string key, string reason) => AlertParseResult.Read([], [new IgnoredAlert(key, reason)]);
}
