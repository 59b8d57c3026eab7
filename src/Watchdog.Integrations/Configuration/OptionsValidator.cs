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
