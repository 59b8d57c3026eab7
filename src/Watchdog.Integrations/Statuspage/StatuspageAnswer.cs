using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Statuspage;

/// <summary>Reads Statuspage's answers: the incident's <c>id</c> on success, the <c>{"message":…}</c> of an error.</summary>
internal static class StatuspageAnswer
{
    private const int MaxMessageChars = 300;

    /// <summary>
    /// The incident's top-level <c>id</c>; null when the answer is not a JSON object carrying one (a proxy's page,
    /// say). Read as a stream, so it is found in a body cut short: an incident lists every update, and a long
    /// incident's answer can pass the read limit.
    /// </summary>
    public static string? IncidentId(byte[] body, bool truncated)
    {
        try
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: !truncated, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read()) return null;
                if (isId) return reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } id ? id : null;
                if (!reader.TrySkip()) return null;
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Statuspage's error <c>message</c> (or <c>error</c>), else the body's start: one line, bounded, the key masked if echoed.</summary>
    public static string Message(byte[] body, bool truncated, Uri url, string apiKey)
    {
        var text = Encoding.UTF8.GetString(body);
        var said = truncated ? null : Said(text);
        var excerpt = PeerAnswer.Excerpt(said ?? text, truncated && said is null, MaxMessageChars, url, apiKey);
        return excerpt.Length > 0 ? excerpt : "empty body";
    }

    private static string? Said(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject o) return null;
            return Text(o["message"]) ?? Text(o["error"]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A string, or a list of them (validation errors come as a list in some answers).
    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        JsonArray a when a.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() is { Count: > 0 } all
            => string.Join("; ", all),
        _ => null,
    };
}
