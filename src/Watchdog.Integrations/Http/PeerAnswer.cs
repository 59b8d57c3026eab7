namespace Watchdog.Integrations.Http;

/// <summary>What a peer answered, made safe to put in an exception or a log: one line, bounded, secrets masked.</summary>
public static class PeerAnswer
{
    /// <summary>
    /// The answer's start on one line, at most <paramref name="maxChars"/> characters, the … that marks a cut included,
    /// with the URL (whose path may itself be the secret, as Slack's is) and any <paramref name="secrets"/>
    /// masked should the peer echo them. Empty when the answer was empty.
    /// </summary>
    public static string Excerpt(string answer, bool truncated, int maxChars, Uri url, params string?[] secrets)
    {
        var masked = answer;
        foreach (var secret in secrets)
            if (!string.IsNullOrEmpty(secret)) masked = masked.Replace(secret, "***", StringComparison.Ordinal);
        masked = masked.Replace(url.AbsoluteUri, "***", StringComparison.OrdinalIgnoreCase);
        if (url.PathAndQuery.Length > 1) masked = masked.Replace(url.PathAndQuery, "***", StringComparison.OrdinalIgnoreCase);
        var oneLine = string.Join(' ', masked.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (oneLine.Length <= maxChars && !truncated) return oneLine;
        var end = Math.Min(oneLine.Length, maxChars - 1);
        if (end > 0 && char.IsHighSurrogate(oneLine[end - 1])) end--;
        return string.Concat(oneLine.AsSpan(0, end), "…");
    }
}
