namespace Watchdog.Integrations.Http;

/// <summary>
/// The part of a URL that is safe to log or show: scheme, host, port and path. Query strings and
/// user info are dropped because they are where tokens hide (<c>?token=…</c>, <c>user:pass@</c>).
/// </summary>
public static class SafeUrl
{
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

    /// <summary>Only the path, for short step details ("GET /api/login → 200").</summary>
    public static string Path(Uri? url) =>
        url is null ? "(none)" : url.IsAbsoluteUri ? url.AbsolutePath : Display(url);
}
