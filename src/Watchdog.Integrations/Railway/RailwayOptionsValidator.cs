namespace Watchdog.Integrations.Railway;

/// <summary>Checks <see cref="RailwayOptions"/>; each message starts with the key and never quotes the token.</summary>
public sealed class RailwayOptionsValidator() : OptionsValidator<RailwayOptions>(Problems)
{
    public const int MaxPageSize = 100;

    public const int MaxPagesLimit = 1000;

    public static IReadOnlyList<string> Problems(RailwayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(RailwayOptions.Name)} must not be empty.");

        problems.AddRange(ConnectionProblems(options.Endpoint, options.Token, options.TokenKind));
        if (string.IsNullOrWhiteSpace(options.ProjectId)) problems.Add($"{nameof(RailwayOptions.ProjectId)} is required.");
        problems.AddRange(TargetProblems(options.EnvironmentId, options.ServiceId));

        if (options.PageSize is < 1 or > MaxPageSize)
            problems.Add($"{nameof(RailwayOptions.PageSize)} must be between 1 and {MaxPageSize} (was {options.PageSize}).");
        if (options.MaxPages is < 1 or > MaxPagesLimit)
            problems.Add($"{nameof(RailwayOptions.MaxPages)} must be between 1 and {MaxPagesLimit} (was {options.MaxPages}).");
        if (options.MinHealthyFor < TimeSpan.Zero)
            problems.Add($"{nameof(RailwayOptions.MinHealthyFor)} must not be negative (was {options.MinHealthyFor}).");
        if (options.VersionMetaKeys is null || options.VersionMetaKeys.Any(string.IsNullOrWhiteSpace))
            problems.Add($"{nameof(RailwayOptions.VersionMetaKeys)} must not hold empty keys.");
        if (options.CallTimeout <= TimeSpan.Zero)
            problems.Add($"{nameof(RailwayOptions.CallTimeout)} must be positive (was {options.CallTimeout}).");
        if (options.MaxAnswerBytes < 4096)
            problems.Add($"{nameof(RailwayOptions.MaxAnswerBytes)} must be at least 4096 (was {options.MaxAnswerBytes}).");

        return problems;
    }

    /// <summary>The endpoint and the token, shared with the metrics source, which talks to the same API.</summary>
    internal static IEnumerable<string> ConnectionProblems(Uri? endpoint, string? token, RailwayTokenKind kind)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri)
            yield return "Endpoint must be an absolute URL.";
        else if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
            yield return "Endpoint must use https (plain http only on a loopback host): the token travels with every request.";

        if (string.IsNullOrWhiteSpace(token))
            yield return "Token is required.";
        else if (token.Any(char.IsControl) || token.Trim() != token)
            yield return "Token must not contain spaces at its ends or control characters.";

        if (!Enum.IsDefined(kind))
            yield return $"TokenKind must be Account, Workspace or Project (was {(int)kind}).";
    }

    /// <summary>Which service in which environment; shared with the metrics source.</summary>
    internal static IEnumerable<string> TargetProblems(string? environmentId, string? serviceId)
    {
        if (string.IsNullOrWhiteSpace(environmentId)) yield return "EnvironmentId is required.";
        if (string.IsNullOrWhiteSpace(serviceId)) yield return "ServiceId is required.";
    }
}
