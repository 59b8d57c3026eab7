namespace Watchdog.Integrations.Flagd;

/// <summary>Checks <see cref="FlagdOptions"/>.</summary>
public sealed class FlagdOptionsValidator() : OptionsValidator<FlagdOptions>(Problems)
{
    public const int MaxFileBytesLimit = 64 * 1024 * 1024;

    public static IReadOnlyList<string> Problems(FlagdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Flags.FlagOptionsChecks.Name(problems, options.Name);
        if (string.IsNullOrWhiteSpace(options.Path))
            problems.Add($"{nameof(FlagdOptions.Path)} is required (the flag file flagd syncs from).");
        else if (!System.IO.Path.IsPathFullyQualified(options.Path))
            problems.Add($"{nameof(FlagdOptions.Path)} must be an absolute path.");
        if (options.OffVariant is { } off && string.IsNullOrWhiteSpace(off))
            problems.Add($"{nameof(FlagdOptions.OffVariant)} must name a variant, or be left out.");
        if (options.MaxFileBytes is < 1024 or > MaxFileBytesLimit)
            problems.Add($"{nameof(FlagdOptions.MaxFileBytes)} must be between 1024 and {MaxFileBytesLimit} (was {options.MaxFileBytes}).");
        return problems;
    }
}
