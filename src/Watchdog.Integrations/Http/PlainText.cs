namespace Watchdog.Integrations.Http;

/// <summary>Length limits on text a peer stores as is (a Slack header, a status-page update).</summary>
public static class PlainText
{
    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> UTF-16 units, the last one an ellipsis when it
    /// was too long. Never ends in half a surrogate pair, so the peer gets valid Unicode.
    /// </summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var end = max - 1;
        if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
