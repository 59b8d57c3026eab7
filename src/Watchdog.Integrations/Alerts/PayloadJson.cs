using System.Globalization;
using System.Text.Json;

namespace Watchdog.Integrations.Alerts;

/// <summary>
/// Strict, typed reads of a pushed JSON body. Every problem becomes a <see cref="MalformedPayloadException"/>
/// naming the field's path (<c>alerts[1].labels.severity</c>) and what was wrong, never the body itself.
/// </summary>
internal static class PayloadJson
{
    /// <summary>Both formats nest 4–6 levels; 32 leaves room for fields we skip, and stops a nesting bomb early.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        // Two values for one field would let a reader and a signer disagree about what was said.
        AllowDuplicateProperties = false,
    };

    public static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray(), Options);
        }
        catch (JsonException e)
        {
            // The framework's text names the problem and position only; it never echoes more than one character.
            var at = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new MalformedPayloadException("body is not valid JSON" + at + ": " + FirstSentence(e.Message));
        }
    }

    public static JsonElement RootObject(JsonDocument doc) =>
        doc.RootElement.ValueKind == JsonValueKind.Object
            ? doc.RootElement
            : throw new MalformedPayloadException($"body must be a JSON object (was {Kind(doc.RootElement)})");

    public static string Path(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    /// <summary>The field, or null when it is absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement Required(JsonElement parent, string path, string name) =>
        Optional(parent, name) ?? throw new MalformedPayloadException($"{Path(path, name)} is required");

    public static JsonElement Object(JsonElement parent, string path, string name) =>
        Expect(Required(parent, path, name), JsonValueKind.Object, Path(path, name));

    public static JsonElement? OptionalObject(JsonElement parent, string path, string name) =>
        Optional(parent, name) is { } v ? Expect(v, JsonValueKind.Object, Path(path, name)) : null;

    public static JsonElement Array(JsonElement parent, string path, string name) =>
        Expect(Required(parent, path, name), JsonValueKind.Array, Path(path, name));

    public static string String(JsonElement parent, string path, string name) =>
        Text(Required(parent, path, name), Path(path, name));

    public static string? OptionalString(JsonElement parent, string path, string name) =>
        Optional(parent, name) is { } v ? Text(v, Path(path, name)) : null;

    /// <summary>An identifier Sentry may send as <c>"4"</c> or <c>4</c>.</summary>
    public static string? OptionalId(JsonElement parent, string path, string name) => Optional(parent, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var id) => id.ToString(CultureInfo.InvariantCulture),
        { } v => Text(v, Path(path, name)) is { Length: > 0 } s ? s : null,
    };

    /// <summary>A non-negative integer, 0 when absent.</summary>
    public static int Count(JsonElement parent, string path, string name) => Optional(parent, name) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var count) && count >= 0 => count,
        { } v => throw new MalformedPayloadException($"{Path(path, name)} must be a non-negative integer (was {Kind(v)})"),
    };

    /// <summary>An RFC 3339 time, e.g. Go's <c>2026-01-01T00:00:00.123456789Z</c> (digits past the 7th are dropped).</summary>
    public static DateTimeOffset Time(JsonElement value, string path)
    {
        var text = Text(value, path);
        return TryTime(text, out var at)
            ? at
            : throw new MalformedPayloadException($"{path} must be an RFC 3339 time (was {AlertText.Quote(text)})");
    }

    public static bool TryTime(string text, out DateTimeOffset at)
    {
        // Nanoseconds: .NET keeps 7 fractional digits, Go writes up to 9.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }

        // A zone is required: a time without one would be read in the host's own zone.
        return DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>A flat object of strings (labels, annotations); empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(JsonElement parent, string path, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (OptionalObject(parent, path, name) is not { } obj) return map;
        foreach (var field in obj.EnumerateObject())
            map[field.Name] = Text(field.Value, $"{Path(path, name)}.{AlertText.Bounded(field.Name, AlertText.MaxQuotedChars)}");
        return map;
    }

    public static IReadOnlyList<string> Strings(JsonElement? array, string path)
    {
        if (array is not { } a) return [];
        Expect(a, JsonValueKind.Array, path);
        var list = new List<string>();
        var i = 0;
        foreach (var item in a.EnumerateArray()) list.Add(Text(item, $"{path}[{i++}]"));
        return list;
    }

    public static JsonElement Expect(JsonElement value, JsonValueKind kind, string path) =>
        value.ValueKind == kind ? value : throw new MalformedPayloadException($"{path} must be {Article(kind)} (was {Kind(value)})");

    public static string Kind(JsonElement value) => Article(value.ValueKind);

    private static string Text(JsonElement value, string path)
    {
        Expect(value, JsonValueKind.String, path);
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape inside the string.
            throw new MalformedPayloadException($"{path} is not valid UTF-8 text");
        }
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
