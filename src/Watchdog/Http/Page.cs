using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Watchdog.Http;

/// <summary>A small page for a person with a browser: an action link's confirmation, the read login. No script, nothing cached.</summary>
/// <param name="Raw">Whether <paramref name="Body"/> is markup built by the caller (with every value encoded) rather than plain text.</param>
internal sealed record Page(int Status, string Title, string Body, bool Raw = false)
{
    public IResult Render(HttpResponse response)
    {
        // What these pages carry is the permission (a link's token, a login): keep it out of caches, referrers and search engines.
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Robots-Tag"] = "noindex";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
        var html = $"<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>Watchdog: {Html(Title)}</title>"
            + "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}dt{font-weight:bold}</style></head>"
            + $"<body><h1>{Html(Title)}</h1>{(Raw ? Body : $"<p>{Html(Body)}</p>")}</body></html>";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, Status);
    }

    public static string Html(string s) => WebUtility.HtmlEncode(s);
}
