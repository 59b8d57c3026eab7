using System.Text;
using System.Text.Json;

namespace Watchdog.Integrations.Health;

/// <summary>
/// Finds one top-level field of a JSON object in a possibly truncated body, reading tokens forward
/// only as far as needed, so <c>{"status":"degraded", …50 MB…</c> is judged from its first bytes.
/// </summary>
internal static class TopLevelField
{
    public enum Lookup
    {
        /// <summary>Not a JSON object (plain text, HTML, an array, broken JSON).</summary>
        NotJson,

        /// <summary>A JSON object without the field (or the field lies past the bytes read).</summary>
        Missing,

        /// <summary>The field holds an object, array or null: nothing to compare.</summary>
        NotScalar,

        /// <summary>The field's value is not valid UTF-8: there is a value, but it cannot be read.</summary>
        BadEncoding,

        Found,
    }

    /// <param name="complete">False when the body was cut at the read cap.</param>
    public static Lookup Find(ReadOnlySpan<byte> utf8, bool complete, string field, out string value)
    {
        value = "";
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        var reader = new Utf8JsonReader(utf8, isFinalBlock: complete, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Lookup.NotJson;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                // A name that is not valid UTF-8 cannot be the (valid) field name: skip it, judge by the field.
                var name = TryGetString(ref reader);
                if (!reader.Read()) return Lookup.Missing; // cut off right after the name
                if (!string.Equals(name, field, StringComparison.OrdinalIgnoreCase)) continue;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        if (TryGetString(ref reader) is not { } text) return Lookup.BadEncoding;
                        value = text;
                        return Lookup.Found;
                    case JsonTokenType.Number:
                        value = Encoding.UTF8.GetString(reader.ValueSpan);
                        return Lookup.Found;
                    case JsonTokenType.True or JsonTokenType.False:
                        value = reader.TokenType == JsonTokenType.True ? "true" : "false";
                        return Lookup.Found;
                    default:
                        return Lookup.NotScalar;
                }
            }

            return Lookup.Missing;
        }
        catch (JsonException)
        {
            return Lookup.NotJson;
        }
    }

    /// <summary>The token's text, or null when its bytes are not valid UTF-8 (the reader checks that only here).</summary>
    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Makes a peer-supplied value fit for a one-line detail: no control characters, at most 80 characters.</summary>
    public static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= 80 ? clean : clean[..77] + "...";
    }
}
