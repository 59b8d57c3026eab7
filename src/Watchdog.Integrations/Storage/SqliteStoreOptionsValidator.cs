using Microsoft.Extensions.Options;

namespace Watchdog.Integrations.Storage;

/// <summary>Rejects options the journal cannot work with, one message per problem.</summary>
public sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    /// <summary>A journal write blocked for longer than this means something else is wrong; the runbook step waits meanwhile.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add($"{nameof(SqliteStoreOptions.DataDirectory)} must name the directory that holds {SqliteStoreOptions.FileName}.");
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > MaxBusyTimeout)
            failures.Add($"{nameof(SqliteStoreOptions.BusyTimeout)} must be positive and at most {MaxBusyTimeout}; it is {options.BusyTimeout}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
