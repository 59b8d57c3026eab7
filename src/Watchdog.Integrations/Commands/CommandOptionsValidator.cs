using Microsoft.Extensions.Options;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// Checks <see cref="CommandProviderOptions"/> and <see cref="CommandTaskOptions"/>. Messages name the
/// key and never echo an environment value or a whole template (either may hold a secret).
/// </summary>
public sealed class CommandOptionsValidator : IValidateOptions<CommandProviderOptions>, IValidateOptions<CommandTaskOptions>
{
    private static readonly string[] ListPlaceholders = [CommandTemplate.Service];
    private static readonly string[] RollbackPlaceholders = [CommandTemplate.Target, CommandTemplate.Version, CommandTemplate.Service];
    private static readonly string[] VariablePlaceholders = [CommandTemplate.Name, CommandTemplate.Value, CommandTemplate.Service];

    /// <summary>Longest timeout accepted: a command running longer is a mistake, not a rollback.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public const int MaxOutputBytesLimit = 16 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, CommandProviderOptions options) => OptionsResult.Of(Problems(options));

    public ValidateOptionsResult Validate(string? name, CommandTaskOptions options) => OptionsResult.Of(Problems(options));

    public static IReadOnlyList<string> Problems(CommandProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(options.Name)} must not be empty.");
        Template(problems, nameof(options.List), options.List, required: true, ListPlaceholders);
        Template(problems, nameof(options.Current), options.Current, required: true, ListPlaceholders);
        Template(problems, nameof(options.Rollback), options.Rollback, required: true, RollbackPlaceholders);
        Template(problems, nameof(options.Verify), options.Verify, required: false, RollbackPlaceholders);
        Template(problems, nameof(options.SetVariable), options.SetVariable, required: false, VariablePlaceholders);
        Template(problems, nameof(options.Restart), options.Restart, required: false, VariablePlaceholders);
        Template(problems, nameof(options.Variables), options.Variables, required: false, ListPlaceholders);
        if (options.Restart is not null && options.SetVariable is null)
            problems.Add($"{nameof(options.Restart)} is only run after {nameof(options.SetVariable)}, which is not set.");
        Shell(problems, options, options.Timeout, options.List, options.Current, options.Rollback, options.Verify, options.SetVariable, options.Restart, options.Variables);
        return problems;
    }

    public static IReadOnlyList<string> Problems(CommandTaskOptions options) => Problems(options, []);

    /// <param name="values">Placeholders this task is given besides <c>{service}</c> (a database command's <c>{migration}</c>).</param>
    public static IReadOnlyList<string> Problems(CommandTaskOptions options, IReadOnlyCollection<string> values)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
            problems.Add($"{nameof(options.Name)} must not be empty.");
        Template(problems, nameof(options.Command), options.Command, required: true, [.. ListPlaceholders, .. values]);
        Shell(problems, options, options.Timeout, options.Command);
        return problems;
    }

    private static void Template(List<string> problems, string key, string? template, bool required, string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            if (required || template is not null) problems.Add($"{key} is required and must not be blank.");
            return;
        }

        problems.AddRange(CommandTemplate.Problems(key, template, allowed));
    }

    private static void Shell(List<string> problems, CommandShellOptions options, TimeSpan timeout, params string?[] templates)
    {
        if (string.IsNullOrWhiteSpace(options.Shell))
            problems.Add($"{nameof(options.Shell)} must not be empty.");
        if (timeout <= TimeSpan.Zero || timeout > MaxTimeout)
            problems.Add($"Timeout must be more than zero and at most {MaxTimeout}.");
        if (!string.IsNullOrWhiteSpace(options.WorkingDirectory) && !Directory.Exists(options.WorkingDirectory))
            problems.Add($"{nameof(options.WorkingDirectory)} '{options.WorkingDirectory}' does not exist: no command could start there.");
        if (options.MaxOutputBytes < 1024 || options.MaxOutputBytes > MaxOutputBytesLimit)
            problems.Add($"{nameof(options.MaxOutputBytes)} must be between 1024 and {MaxOutputBytesLimit}.");
        if (string.IsNullOrWhiteSpace(options.Service) && templates.Any(t => CommandTemplate.Uses(t, CommandTemplate.Service)))
            problems.Add($"{nameof(options.Service)} is required: a template uses {{{CommandTemplate.Service}}}.");
        if (options.Service?.Contains('\0', StringComparison.Ordinal) == true)
            problems.Add($"{nameof(options.Service)} must not contain a NUL character.");
        foreach (var (name, value) in options.Environment ?? [])
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
                problems.Add($"{nameof(options.Environment)}: a variable name is empty or contains '=' or NUL.");
            else if (value is null || value.Contains('\0', StringComparison.Ordinal))
                problems.Add($"{nameof(options.Environment)}:{name} must have a value without NUL characters.");
        }
    }
}
