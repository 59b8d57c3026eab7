using System.Globalization;
using System.Text.Json;
using Watchdog.Integrations.Alerts;

namespace Watchdog.Integrations.DeployHooks;

/// <summary>The reads the deploy senders need beyond <see cref="PayloadJson"/>: ids sent as numbers, Vercel's millisecond times.</summary>
internal static class DeployJson
{
    /// <summary>An id GitHub sends as an integer (or anyone as a string); required.</summary>
    public static string Id(JsonElement parent, string path, string name) =>
        PayloadJson.OptionalId(parent, path, name) is { } id
            ? AlertText.Bounded(id, AlertText.MaxQuotedChars)
            : throw new MalformedPayloadException($"{PayloadJson.Path(path, name)} is required");

    /// <summary>Vercel's "Date" type: an integer of milliseconds since the Unix epoch (API-NOTES §8).</summary>
    public static DateTimeOffset EpochMilliseconds(JsonElement parent, string path, string name)
    {
        var value = PayloadJson.Required(parent, path, name);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms >= 0 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        throw new MalformedPayloadException($"{PayloadJson.Path(path, name)} must be milliseconds since the Unix epoch (was {PayloadJson.Kind(value)})");
    }

    /// <summary>A required RFC 3339 time.</summary>
    public static DateTimeOffset Time(JsonElement parent, string path, string name) =>
        PayloadJson.Time(PayloadJson.Required(parent, path, name), PayloadJson.Path(path, name));

    /// <summary>
    /// The first of <paramref name="keys"/> holding a non-empty string in a free-form object (Vercel's <c>meta</c>, Railway's
    /// <c>details</c>); other values are skipped, not refused: these maps are undocumented and vary by source.
    /// </summary>
    public static string? FirstText(JsonElement? map, IEnumerable<string> keys)
    {
        if (map is not { ValueKind: JsonValueKind.Object } m) return null;
        foreach (var key in keys)
        {
            if (m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } text && !string.IsNullOrWhiteSpace(text))
                return Short(text);
        }

        return null;
    }

    /// <summary>A short identifier from the body, safe for logs and keys.</summary>
    public static string Short(string value) => AlertText.Bounded(value, AlertText.MaxQuotedChars);

    public static string Quote(string value) => AlertText.Quote(value);

    public static string Lower(string value) => value.Trim().ToLower(CultureInfo.InvariantCulture);
}
