using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.Unleash;

/// <summary>Checks <see cref="UnleashOptions"/>. Messages name the key and never echo the token.</summary>
public sealed class UnleashOptionsValidator() : OptionsValidator<UnleashOptions>(Problems)
{
    public static IReadOnlyList<string> Problems(UnleashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        FlagOptionsChecks.Name(problems, options.Name);
        if (options.BaseUrl is null) problems.Add($"{nameof(UnleashOptions.BaseUrl)} is required (the Unleash server's URL).");
        else FlagOptionsChecks.BaseUrl(problems, options.BaseUrl);
        FlagOptionsChecks.Token(problems, options.Token);
        FlagOptionsChecks.PathKey(problems, options.ProjectId, nameof(UnleashOptions.ProjectId));
        FlagOptionsChecks.PathKey(problems, options.Environment, nameof(UnleashOptions.Environment));
        FlagOptionsChecks.Timeout(problems, options.Timeout);
        return problems;
    }
}
