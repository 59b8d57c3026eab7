namespace Watchdog.Integrations.Http;

/// <summary>
/// The part of a URL that is safe to log or show: scheme, host, port and path. Query strings and
/// user info are dropped because they are where tokens hide (<c>?token=…</c>, <c>user:pass@</c>).
/// </summary>
public static class SafeUrl
{
    /// <summary>Shorter query values (<c>v=1</c>) and path words (<c>services</c>) are left alone: masking them would only blur messages.</summary>
    private const int MinQueryValue = 8;

    private const int MinPathToken = 16;

    public static string Display(Uri? url)
    {
        if (url is null) return "(none)";
        if (!url.IsAbsoluteUri)
        {
            var text = url.OriginalString;
            var cut = text.IndexOfAny(['?', '#']);
            return cut < 0 ? text : text[..cut];
        }

        return $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
    }

    /// <summary>
    /// What of a URL that is itself a credential (a webhook's) an answer might echo, to be masked: the URL, its
    /// path and query, each query value (a <c>?token=</c>, a Workflows <c>sig</c>) and each long path segment (a
    /// Slack token), raw and decoded. Longest first, so a whole URL is masked as one rather than in pieces.
    /// </summary>
    public static string[] Secrets(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.Query.TrimStart('?');
        var values = query.Split('&').Select(p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]).Where(v => v.Length >= MinQueryValue);
        var tokens = url.AbsolutePath.Split('/').Where(s => s.Length >= MinPathToken);
        return [.. new[] { url.AbsoluteUri, url.PathAndQuery, url.AbsolutePath.Length > 1 ? url.AbsolutePath : "", query }.Concat(values).Concat(tokens)
            .SelectMany(v => new[] { v, Uri.UnescapeDataString(v) }).Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length)];
    }

    /// <summary>Only the path, for short step details ("GET /api/login → 200").</summary>
    public static string Path(Uri? url) =>
        url is null ? "(none)" : url.IsAbsoluteUri ? url.AbsolutePath : Display(url);
}
