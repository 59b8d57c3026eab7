using Microsoft.Extensions.Configuration;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary>A service's <c>Database</c> section: the migration status, backup, restore and migration resolve commands.</summary>
internal static class DatabaseReader
{
    /// <summary>A backup or restore takes longer than a stabilization command; its default and ceiling say so.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromMinutes(1);

    public static DatabaseSettings Read(ConfigReader r, IConfigurationSection c, CommandProviderOptions shell)
    {
        var timeout = r.Duration(c, "Timeout", DefaultTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(12));
        CommandTaskOptions? Command(string key, params string[] values)
        {
            var command = r.String(c, key);
            if (command is null) return null;
            // The status is evidence before the rollback: it never holds the rollback up for long.
            var o = RunbookTasksReader.Command(shell, "database-" + key.ToLowerInvariant(), command, key == "MigrationStatus" && timeout > StatusTimeout ? StatusTimeout : timeout);
            r.Problems(c, CommandOptionsValidator.Problems(o, values).Select(p => p.StartsWith(nameof(o.Command), StringComparison.Ordinal) ? key + p[nameof(o.Command).Length..] : p));
            return o;
        }

        var settings = new DatabaseSettings(Command("MigrationStatus"), Command("Backup"), Command("Restore"), Command("ResolveRolledBack", CommandTemplate.Migration));
        if (settings is { Backup: null, Restore: null, MigrationStatus: null })
        {
            // Today's meaning of the section: the restore's two commands.
            r.Error(c, "Backup", "is required (or set MigrationStatus alone, to record the migration status without offering a restore)");
            r.Error(c, "Restore", "is required (or set MigrationStatus alone, to record the migration status without offering a restore)");
        }
        else if (settings.Restore is not null && settings.Backup is null)
            r.Error(c, "Backup", "is required with Restore: a fresh backup of the current state always runs before a restore");
        else if (settings.Backup is not null && settings.Restore is null)
            r.Error(c, "Restore", "is required with Backup: the backup only runs before a restore");

        if (settings is { ResolveRolledBack: not null, Restore: null })
            r.Error(c, "ResolveRolledBack", "runs only after a restore that succeeded; set Restore (and Backup) too");
        if (settings.ResolveRolledBack is { } resolve && CommandTemplate.Uses(resolve.Command, CommandTemplate.Migration) && settings.MigrationStatus is null)
            r.Error(c, "ResolveRolledBack", "uses {migration}, which is read from MigrationStatus's output; set MigrationStatus too");
        return settings;
    }
}
