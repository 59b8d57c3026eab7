using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.LaunchDarkly;

/// <summary>Checks <see cref="LaunchDarklyOptions"/>. Messages name the key and never echo the token.</summary>
public sealed class LaunchDarklyOptionsValidator() : OptionsValidator<LaunchDarklyOptions>(Problems)
{
    public static IReadOnlyList<string> Problems(LaunchDarklyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        FlagOptionsChecks.Name(problems, options.Name);
        FlagOptionsChecks.BaseUrl(problems, options.BaseUrl);
        FlagOptionsChecks.Token(problems, options.Token);
        FlagOptionsChecks.PathKey(problems, options.ProjectKey, nameof(LaunchDarklyOptions.ProjectKey));
        FlagOptionsChecks.PathKey(problems, options.EnvironmentKey, nameof(LaunchDarklyOptions.EnvironmentKey));
        if (options.ApiVersion is not { Length: 8 } v || !v.All(char.IsAsciiDigit))
            problems.Add($"{nameof(LaunchDarklyOptions.ApiVersion)} must be a date as LaunchDarkly writes it (20240415).");
        FlagOptionsChecks.Timeout(problems, options.Timeout);
        return problems;
    }
}
