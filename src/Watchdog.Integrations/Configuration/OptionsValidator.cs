using Microsoft.Extensions.Options;

namespace Watchdog.Integrations.Configuration;

/// <summary>
/// An <see cref="IValidateOptions{TOptions}"/> over a validator's static findings method, so a validator holds only
/// its rules. The findings are what the config loader reports too, each under the key its first word names.
/// </summary>
public abstract class OptionsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) => OptionsResult.Of(problems(options));
}

/// <summary>Findings as an options result.</summary>
public static class OptionsResult
{
    /// <summary>Success, or a failure holding every finding.</summary>
    public static ValidateOptionsResult Of(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}

/// <summary>What a constructor does with options it was handed: null and invalid are programming errors.</summary>
public static class ValidOptions
{
    /// <exception cref="ArgumentException">The options are invalid; the message lists every finding.</exception>
    public static T Require<T>(T options, Func<T, IEnumerable<string>> problems, string what) where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var found = problems(options).ToList();
        if (found.Count > 0) throw new ArgumentException($"Invalid {what} options: " + string.Join(" ", found), nameof(options));
        return options;
    }
}
