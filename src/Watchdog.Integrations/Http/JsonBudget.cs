using System.Text;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Http;

/// <summary>
/// Fits a message into a receiver's size limit by measuring what is actually sent: the UTF-8 bytes of
/// <see cref="JsonNode.ToJsonString"/>, escapes included, so a limit in bytes holds for any text.
/// </summary>
internal static class JsonBudget
{
    private const string Ellipsis = "…";

    public static int Bytes(JsonNode? node) => node is null ? 4 : Encoding.UTF8.GetByteCount(node.ToJsonString());

    /// <summary>What appending <paramref name="item"/> adds to <paramref name="array"/>'s serialized size: itself, and a comma unless it is the first.</summary>
    public static int Growth(JsonArray array, JsonNode item) => Bytes(item) + (array.Count > 0 ? 1 : 0);

    /// <summary>
    /// Appends <paramref name="items"/>, rendered, in order while the array grows by at most <paramref name="budget"/>
    /// bytes, which is left holding the bytes not used; stops at the first that does not fit. Returns how many were appended.
    /// </summary>
    public static int Fill<T>(JsonArray array, IEnumerable<T> items, Func<T, JsonNode> render, ref int budget)
    {
        var appended = 0;
        foreach (var item in items)
        {
            var node = render(item);
            var growth = Growth(array, node);
            if (growth > budget) break;
            array.Add(node);
            budget -= growth;
            appended++;
        }

        return appended;
    }

    /// <summary>
    /// Like <see cref="Fill{T}(JsonArray, IEnumerable{T}, Func{T, JsonNode}, ref int)"/> for lines of text, except that the first line that does not fit whole is cut,
    /// ending in …, to the room left (when any of it fits). Returns how many lines were appended whole.
    /// </summary>
    public static int FillText(JsonArray array, IReadOnlyList<string> lines, Func<string, JsonNode> render, ref int budget)
    {
        var whole = Fill(array, lines, render, ref budget);
        if (whole == lines.Count) return whole;

        // The serialized size grows with the kept prefix, so the longest prefix that fits is found by halving.
        var line = lines[whole];
        int low = 0, high = line.Length - 1;
        JsonNode? best = null;
        while (low <= high)
        {
            var keep = (low + high) / 2;
            var candidate = render(Prefix(line, keep) + Ellipsis);
            if (Growth(array, candidate) <= budget)
            {
                best = candidate;
                low = keep + 1;
            }
            else
            {
                high = keep - 1;
            }
        }

        if (best is not null && Bytes(best) > Bytes(render(Ellipsis)))
        {
            budget -= Growth(array, best);
            array.Add(best);
        }

        return whole;
    }

    /// <summary>The first <paramref name="units"/> UTF-16 units, one fewer when the cut would split a surrogate pair.</summary>
    public static string Prefix(string text, int units)
    {
        if (units >= text.Length) return text;
        if (units > 0 && char.IsHighSurrogate(text[units - 1])) units--;
        return text[..units];
    }

}
