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

        var endpoint = options.Endpoint;
        if (endpoint is null || !endpoint.IsAbsoluteUri)
            problems.Add($"{nameof(RailwayOptions.Endpoint)} must be an absolute URL.");
        else if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
            problems.Add($"{nameof(RailwayOptions.Endpoint)} must use https (plain http only on a loopback host): the token travels with every request.");

        if (string.IsNullOrWhiteSpace(options.Token))
            problems.Add($"{nameof(RailwayOptions.Token)} is required.");
        else if (options.Token.Any(char.IsControl) || options.Token.Trim() != options.Token)
            problems.Add($"{nameof(RailwayOptions.Token)} must not contain spaces at its ends or control characters.");

        if (!Enum.IsDefined(options.TokenKind))
            problems.Add($"{nameof(RailwayOptions.TokenKind)} must be Account, Workspace or Project (was {(int)options.TokenKind}).");

        if (string.IsNullOrWhiteSpace(options.ProjectId)) problems.Add($"{nameof(RailwayOptions.ProjectId)} is required.");
        if (string.IsNullOrWhiteSpace(options.EnvironmentId)) problems.Add($"{nameof(RailwayOptions.EnvironmentId)} is required.");
        if (string.IsNullOrWhiteSpace(options.ServiceId)) problems.Add($"{nameof(RailwayOptions.ServiceId)} is required.");

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
}
