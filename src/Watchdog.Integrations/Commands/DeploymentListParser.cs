using System.Globalization;
using System.Text.Json;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// Reads what the List and Current commands print. List: one deployment per line, newest first,
/// <c>&lt;id&gt; [&lt;version&gt;] [&lt;created ISO-8601&gt;] [live-before]</c> separated by whitespace (further fields are
/// ignored; blank lines and <c>#</c> lines too), or a JSON array of <c>{id, version, createdAt,
/// canRollback, succeeded, liveBefore}</c> objects when the output starts with <c>[</c>. <c>live-before</c> (any field
/// after the version) or <c>liveBefore: true</c> is the platform's own record that the deployment served production
/// before and was replaced; without it nothing is claimed.
/// </summary>
internal static class DeploymentListParser
{
    public const string LiveBeforeMarker = "live-before";

    private const string LiveRecord = "the List command's own record (" + LiveBeforeMarker + ")";

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <param name="truncated">The output was cut at the capture cap: a text list loses its last, partial line; JSON cannot be read.</param>
    /// <exception cref="FormatException">A line or element cannot be read; the message says where.</exception>
    public static IReadOnlyList<Deployment> Parse(string output, bool truncated)
    {
        var text = output.TrimStart();
        if (text.StartsWith('['))
        {
            if (truncated)
                throw new FormatException("the JSON list was cut at the output cap; print fewer deployments or raise MaxOutputBytes");
            return ParseJson(text);
        }

        if (truncated)
        {
            // Lists are newest first, so the cut drops only the oldest entries; the last line may be half a line.
            var lastNewline = text.LastIndexOf('\n');
            text = lastNewline < 0 ? "" : text[..lastNewline];
        }

        return ParseLines(text);
    }

    /// <summary>The first field of the first line that is neither blank nor a <c>#</c> comment; null when there is none.</summary>
    public static string? ParseCurrent(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var fields = Fields(line);
            if (fields.Length > 0 && !fields[0].StartsWith('#')) return fields[0];
        }

        return null;
    }

    private static List<Deployment> ParseLines(string text)
    {
        var deployments = new List<Deployment>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            var fields = Fields(line);
            if (fields.Length == 0 || fields[0].StartsWith('#')) continue;
            var id = fields[0];
            var version = fields.Length > 1 ? fields[1] : id;
            DateTimeOffset? created = null;
            if (fields.Length > 2 && fields[2] != LiveBeforeMarker)
                created = Time(fields[2]) ?? throw new FormatException($"line {number}: \"{Clip(fields[2])}\" is not an ISO-8601 time");
            var liveBefore = fields.Skip(2).Contains(LiveBeforeMarker, StringComparer.Ordinal);
            deployments.Add(new Deployment(id, version, created, LiveRecord: liveBefore ? LiveRecord : null));
        }

        return deployments;
    }

    private static List<Deployment> ParseJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a JSON array: {e.Message}", e);
        }

        using (document)
        {
            var deployments = new List<Deployment>();
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"element {index} is not an object");
                string? id = null, version = null;
                DateTimeOffset? created = null;
                bool canRollback = true, succeeded = true, liveBefore = false;
                foreach (var property in item.EnumerateObject())
                {
                    var value = property.Value;
                    switch (property.Name.ToUpperInvariant())
                    {
                        case "ID": id = Scalar(value, index, "id"); break;
                        case "VERSION": version = Scalar(value, index, "version"); break;
                        case "CREATEDAT":
                            var at = Scalar(value, index, "createdAt");
                            created = at is null ? null : Time(at) ?? throw new FormatException($"element {index}: createdAt \"{Clip(at)}\" is not an ISO-8601 time");
                            break;
                        case "CANROLLBACK": canRollback = Flag(value, index, "canRollback"); break;
                        case "SUCCEEDED": succeeded = Flag(value, index, "succeeded"); break;
                        case "LIVEBEFORE": liveBefore = Flag(value, index, "liveBefore"); break;
                    }
                }

                if (string.IsNullOrWhiteSpace(id))
                    throw new FormatException($"element {index} has no id");
                deployments.Add(new Deployment(id, string.IsNullOrWhiteSpace(version) ? id : version, created, canRollback, succeeded, liveBefore ? LiveRecord : null));
                index++;
            }

            return deployments;
        }
    }

    private static string? Scalar(JsonElement value, int index, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw new FormatException($"element {index}: {name} must be a string"),
    };

    private static bool Flag(JsonElement value, int index, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"element {index}: {name} must be true or false"),
    };

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;

    private static string[] Fields(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
