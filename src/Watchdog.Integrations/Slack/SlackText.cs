using System.Text;

namespace Watchdog.Integrations.Slack;

/// <summary>
/// Slack's text rules: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are control characters in mrkdwn and in the
/// top-level <c>text</c> (they start links and mentions), so dynamic text is sent as entities; and every
/// text object has a length limit. Lengths count UTF-16 units, never fewer than Slack's characters.
/// Cuts never fall inside an entity or a surrogate pair.
/// </summary>
internal static class SlackText
{
    private const char Ellipsis = '…';

    public static string Escape(string raw) =>
        raw.Replace("&", "&amp;", StringComparison.Ordinal)
           .Replace("<", "&lt;", StringComparison.Ordinal)
           .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary><paramref name="raw"/> escaped, cut to at most <paramref name="max"/> units with an ellipsis when too long.</summary>
    public static string EscapeWithin(string raw, int max)
    {
        var escaped = Escape(raw);
        if (escaped.Length <= max) return escaped;
        var kept = new StringBuilder(max);
        foreach (var unit in Units(raw))
        {
            if (kept.Length + unit.Length > max - 1) break;
            kept.Append(unit);
        }

        return kept.Append(Ellipsis).ToString();
    }

    /// <summary>Plain text (no escaping) cut to <paramref name="max"/> units with an ellipsis.</summary>
    public static string Cut(string text, int max) => Http.JsonBudget.Cut(text, max);

    /// <summary>
    /// The lines escaped and packed into as few texts of at most <paramref name="max"/> units as keeps
    /// lines whole; a line longer than that alone is split, at a space when one is in its second half.
    /// Blank results are dropped: Slack refuses empty text objects.
    /// </summary>
    public static IReadOnlyList<string> Pack(IEnumerable<string> lines, int max)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();

        void Flush()
        {
            if (!string.IsNullOrWhiteSpace(current.ToString())) chunks.Add(current.ToString());
            current.Clear();
        }

        foreach (var line in lines)
        {
            var escaped = Escape(line);
            if (escaped.Length > max)
            {
                Flush();
                chunks.AddRange(SplitLong(line, max));
                continue;
            }

            var separator = current.Length > 0 ? 1 : 0;
            if (current.Length + separator + escaped.Length > max) Flush();
            if (current.Length > 0) current.Append('\n');
            current.Append(escaped);
        }

        Flush();
        return chunks;
    }

    private static IEnumerable<string> SplitLong(string raw, int max)
    {
        var piece = new StringBuilder(max);
        var afterSpace = -1;
        foreach (var unit in Units(raw))
        {
            if (piece.Length + unit.Length > max)
            {
                if (afterSpace > max / 2)
                {
                    var head = piece.ToString(0, afterSpace).TrimEnd();
                    var rest = piece.ToString(afterSpace, piece.Length - afterSpace);
                    if (head.Length > 0) yield return head;
                    piece.Clear().Append(rest);
                }
                else
                {
                    yield return piece.ToString();
                    piece.Clear();
                }

                afterSpace = -1;
            }

            piece.Append(unit);
            if (unit == " ") afterSpace = piece.Length;
        }

        if (!string.IsNullOrWhiteSpace(piece.ToString())) yield return piece.ToString();
    }

    /// <summary>The escaped form of each character or surrogate pair: the smallest pieces a cut may separate.</summary>
    private static IEnumerable<string> Units(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
            {
                yield return raw.Substring(i++, 2);
                continue;
            }

            yield return c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            };
        }
    }
}
