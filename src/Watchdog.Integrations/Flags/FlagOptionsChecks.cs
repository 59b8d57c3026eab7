namespace Watchdog.Integrations.Flags;

/// <summary>The checks every HTTP flag service's options share: its URL, its token, one key of its API's path, its deadline.</summary>
internal static class FlagOptionsChecks
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public static void BaseUrl(List<string> problems, Uri? url, string key = "BaseUrl")
    {
        if (url is not { IsAbsoluteUri: true } u || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp))
            problems.Add($"{key} must be an absolute http(s) URL.");
        else if (u.Scheme != Uri.UriSchemeHttps && !u.IsLoopback)
            problems.Add($"{key} must use https (plain http only on a loopback host): the token travels with every call.");
        else if (!string.IsNullOrEmpty(u.Query) || !string.IsNullOrEmpty(u.Fragment))
            problems.Add($"{key} must not carry a query or fragment.");
    }

    public static void Token(List<string> problems, string? token, string key = "Token")
    {
        if (string.IsNullOrWhiteSpace(token))
            problems.Add($"{key} is required (or {key}File).");
        else if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            problems.Add($"{key} must not contain whitespace or control characters.");
    }

    /// <summary>A project or environment key: it goes into the API's path as one segment.</summary>
    public static void PathKey(List<string> problems, string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
            problems.Add($"{key} is required.");
        else if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '?' or '#'))
            problems.Add($"{key} must not contain whitespace, control characters, '/', '?' or '#'.");
    }

    public static void Timeout(List<string> problems, TimeSpan timeout)
    {
        if (timeout < MinTimeout || timeout > MaxTimeout)
            problems.Add($"Timeout must be between 1s and 5m (was {timeout}).");
    }

    public static void Name(List<string> problems, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) problems.Add("Name must not be empty.");
    }
}
