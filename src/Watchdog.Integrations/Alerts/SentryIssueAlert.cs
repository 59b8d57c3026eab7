using System.Text.Json;
using Watchdog.Core.Decisions;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// An <c>event_alert</c> delivery (API-NOTES §1.5): an issue alert rule fired on an event. Sentry never
/// sends a "resolved" for these, so the alert is always firing; it is keyed by the issue, so repeats
/// of the same issue land on one key.
/// </summary>
internal static class SentryIssueAlert
{
    private const string At = "data.event";

    public static AlertParseResult Read(JsonElement root, SentryMappingOptions mapping)
    {
        PayloadJson.String(root, "", "action"); // always "triggered"; only its presence and type are checked
        var data = PayloadJson.Object(root, "", "data");
        var ev = PayloadJson.Object(data, "data", "event");

        var key = PayloadJson.OptionalId(ev, At, "issue_id") is { } issue ? "issue:" + issue
            : PayloadJson.OptionalId(ev, At, "event_id") is { } eventId ? "event:" + eventId
            : throw new MalformedPayloadException($"{At}.issue_id or {At}.event_id is required");
        key = AlertText.Bounded(key, AlertText.MaxQuotedChars);

        var rule = PayloadJson.OptionalString(data, "data", "triggered_rule")
            ?? (PayloadJson.OptionalObject(data, "data", "issue_alert") is { } ia ? PayloadJson.OptionalString(ia, "data.issue_alert", "title") : null);
        var summary = AlertText.Summary(rule, PayloadJson.OptionalString(ev, At, "title"), "Sentry " + key.Replace(':', ' '));
        var startsAt = OccurredAt(ev);

        // The event names its project by numeric id; the slug is only in its API url (…/projects/{org}/{slug}/events/…).
        var projectId = PayloadJson.OptionalId(ev, At, "project");
        var slug = SlugOf(PayloadJson.OptionalString(ev, At, "url"));
        string[] keys = [.. new[] { slug, projectId }.OfType<string>()];
        if (SentryWebhook.ServiceFor(keys, slug is null ? [] : [slug], mapping, out var why) is not { } service)
            return AlertParseResult.Read([], [new IgnoredAlert(key, why!)]);

        var meaning = SentryWebhook.RuleMeaning(mapping, rule) ?? mapping.IssueAlertMeaning;
        var release = PayloadJson.OptionalString(ev, At, "release") is { Length: > 0 } r ? AlertText.Bounded(r, AlertText.MaxQuotedChars) : null;
        return AlertParseResult.Read([new PushedAlert(service, key, mapping.Source, AlertStatus.Firing, meaning, summary, startsAt) { Release = release }], []);
    }

    /// <summary>The event's <c>datetime</c> (RFC 3339), else its <c>timestamp</c> (Unix seconds, fractional).</summary>
    private static DateTimeOffset OccurredAt(JsonElement ev)
    {
        if (PayloadJson.Optional(ev, "datetime") is { } datetime) return PayloadJson.Time(datetime, At + ".datetime");
        if (PayloadJson.Optional(ev, "timestamp") is not { } timestamp) throw new MalformedPayloadException($"{At}.datetime is required");

        const double maxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
        if (timestamp.ValueKind == JsonValueKind.Number && timestamp.TryGetDouble(out var seconds) && seconds is >= 0 and <= maxSeconds)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero));
        if (timestamp.ValueKind == JsonValueKind.String) return PayloadJson.Time(timestamp, At + ".timestamp");
        throw new MalformedPayloadException($"{At}.timestamp must be Unix seconds or an RFC 3339 time (was {PayloadJson.Kind(timestamp)})");
    }

    private static string? SlugOf(string? apiUrl)
    {
        if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var url)) return null;
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(segments, "projects");
        return at >= 0 && at + 2 < segments.Length ? Uri.UnescapeDataString(segments[at + 2]) : null;
    }
}
