using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Watchdog.Configuration;

namespace Watchdog.Http;

/// <summary>
/// Who may read. With <c>Api:ReadToken</c> set, the status page and <c>/api/*</c> need it (or <c>Api:Token</c>) as a
/// bearer token or as the cookie the login form sets; probes and <c>/metrics</c> stay open. Command lines and their
/// output — a rollback's shell line, a CLI's stderr — are shown only to a reader who presented a token, whether or
/// not reading is locked: redaction masks the secrets Watchdog knows, not the ones a command printed.
/// </summary>
public static partial class ReadAccess
{
    public const string Cookie = "watchdog_read";

    /// <summary>True for a reader who presented <c>Api:ReadToken</c> or <c>Api:Token</c>.</summary>
    public static bool Trusted(HttpContext context, WatchdogSettings settings) =>
        BearerToken.Matches(context.Request, settings.ReadToken) || BearerToken.Matches(context.Request, settings.ApiToken)
        || (settings.ReadToken is { } read && context.Request.Cookies.TryGetValue(Cookie, out var cookie) && Same(cookie, CookieValue(read)));

    /// <summary>Whether this request may read at all: always, unless reading is locked and it presented nothing.</summary>
    public static bool MayRead(HttpContext context, WatchdogSettings settings) => settings.ReadToken is null || Trusted(context, settings);

    /// <summary>The cookie's value: a MAC of the token, so the cookie never carries the token itself.</summary>
    public static string CookieValue(string readToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(readToken), "watchdog read cookie v1"u8));

    /// <summary>True when <paramref name="given"/> is one of the tokens that may read.</summary>
    public static bool IsReadToken(string? given, WatchdogSettings settings) =>
        given is { Length: > 0 } && ((settings.ReadToken is { } r && Same(given, r)) || (settings.ApiToken is { } t && Same(given, t)));

    /// <summary>
    /// The text an anonymous reader sees: a command quoted in backticks (as the command provider and tasks quote what
    /// they ran in a failure's summary), or a transcript line (<c>$ cmd</c>, as a step's first output line reaches the
    /// timeline), is hidden with everything after it on its line, which is that command's output.
    /// </summary>
    public static string ForAnonymous(string text) =>
        Transcript().Replace(QuotedCommand().Replace(text, "`(command and output hidden: present Api:ReadToken)`"), "$1" + HiddenTranscript);

    /// <summary>
    /// A step's output as an anonymous reader sees it: Watchdog's own words stay; from the first command transcript
    /// on (a line starting <c>$ </c>, as the command runner writes each command it ran) it is hidden.
    /// </summary>
    public static string OutputForAnonymous(string output)
    {
        var at = output.StartsWith("$ ", StringComparison.Ordinal) ? 0 : output.IndexOf("\n$ ", StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        return at < 0 ? ForAnonymous(output) : ForAnonymous(output[..at]) + HiddenTranscript;
    }

    public const string HiddenTranscript = "(command and output hidden: present Api:ReadToken or Api:Token)";

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    [GeneratedRegex(@"`[^`\n]*`[^\n]*")]
    private static partial Regex QuotedCommand();

    // "$ " opening the text or a line, or right after a step's "succeeded: " / "failed: ".
    [GeneratedRegex(@"(^|\n|: )\$ [^\n]*")]
    private static partial Regex Transcript();
}
