namespace Watchdog.Integrations.Vercel;

/// <summary>Checks <see cref="VercelOptions"/>. Messages name the key and never echo the token.</summary>
public sealed class VercelOptionsValidator() : OptionsValidator<VercelOptions>(Problems)
{
    public const int MaxPageSize = 100;

    public const int MaxPagesLimit = 1000;

    /// <summary>Shortest <see cref="VercelOptions.Timeout"/> a configuration may set: less cannot cover one answer.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<string> Problems(VercelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(VercelOptions.Name)} must not be empty.");

        if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            problems.Add($"{nameof(VercelOptions.BaseUrl)} must be an absolute http(s) URL.");
        else if (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
            problems.Add($"{nameof(VercelOptions.BaseUrl)} must use https (plain http only on a loopback host): the token travels with every call.");
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            problems.Add($"{nameof(VercelOptions.BaseUrl)} must not carry a query or fragment.");

        if (string.IsNullOrWhiteSpace(options.Token))
            problems.Add($"{nameof(VercelOptions.Token)} is required.");
        else if (options.Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            problems.Add($"{nameof(VercelOptions.Token)} must not contain whitespace or control characters.");

        if (options.TeamId is not null && (options.TeamId.Length == 0 || options.TeamId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            problems.Add($"{nameof(VercelOptions.TeamId)} must be a team id without whitespace, or left out for a personal project.");

        if (string.IsNullOrWhiteSpace(options.ProjectId))
            problems.Add($"{nameof(VercelOptions.ProjectId)} is required (the project's id or name).");
        else if (options.ProjectId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
            problems.Add($"{nameof(VercelOptions.ProjectId)} must not contain whitespace, control characters or '/'.");

        if (options.PageSize is < 1 or > MaxPageSize)
            problems.Add($"{nameof(VercelOptions.PageSize)} must be between 1 and {MaxPageSize} (was {options.PageSize}).");
        if (options.MaxPages is < 1 or > MaxPagesLimit)
            problems.Add($"{nameof(VercelOptions.MaxPages)} must be between 1 and {MaxPagesLimit} (was {options.MaxPages}).");
        if (options.VersionMetaKeys is null || options.VersionMetaKeys.Any(string.IsNullOrWhiteSpace))
            problems.Add($"{nameof(VercelOptions.VersionMetaKeys)} must not hold blank keys (an empty list means: the URL is the version).");
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaxTimeout)
            problems.Add($"{nameof(VercelOptions.Timeout)} must be more than zero and at most 10 minutes (was {options.Timeout}).");
        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
            problems.Add($"{nameof(VercelOptions.MaxBodyBytes)} must be between 1024 and {64 * 1024 * 1024} (was {options.MaxBodyBytes}).");
        return problems;
    }
}
