using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Webhooks;

/// <summary>Writes the webhook body (see <see cref="WebhookOptions"/>) to the exact bytes that are signed and sent.</summary>
internal static class WebhookPayload
{
    public static byte[] Serialize(Notification n, DateTimeOffset sentAt)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", EventName(n.Kind));
            json.WriteString("severity", SeverityName(n.Severity));
            json.WriteString("service", n.Service);
            json.WriteString("incidentId", n.IncidentId);
            json.WriteString("title", n.Title);
            json.WriteString("text", n.Text);
            json.WriteStartArray("lines");
            foreach (var line in n.Lines) json.WriteStringValue(line);
            json.WriteEndArray();
            json.WriteStartObject("facts");
            foreach (var (label, value) in UniqueLabels(n.Facts)) json.WriteString(label, value);
            json.WriteEndObject();
            json.WriteStartArray("links");
            foreach (var link in n.Links)
            {
                json.WriteStartObject();
                json.WriteString("label", link.Label);
                json.WriteString("url", link.Url.AbsoluteUri);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (n.Public is { } notice) json.WriteString("public", notice); // the user-facing notice, for customer channels
            else json.WriteNull("public");
            json.WriteBoolean("drill", n.Drill);
            json.WriteString("sentAt", sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>rollback_in_progress</c> for <see cref="NotificationKind.RollbackInProgress"/>: the usual spelling of webhook event names.</summary>
    public static string EventName(NotificationKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    public static string SeverityName(Severity severity) => JsonNamingPolicy.SnakeCaseLower.ConvertName(severity.ToString());

    // A JSON object with a repeated key is read differently by different parsers; make each key unique instead.
    internal static IEnumerable<KeyValuePair<string, string>> UniqueLabels(IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (label, value) in facts)
        {
            var key = label;
            for (var n = 2; !seen.Add(key); n++) key = $"{label} ({n})";
            yield return new(key, value);
        }
    }
}
