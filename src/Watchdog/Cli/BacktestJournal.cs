using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;
using Watchdog.Integrations.Storage;

namespace Watchdog.Cli;

/// <summary>What the journal holds for a backtest to be scored against: the incidents and the deployments seen live.</summary>
internal sealed record BacktestEvidence(string Location, IReadOnlyList<Incident> Incidents, IReadOnlyList<DeployChange> Deploys, IReadOnlyList<Change> Flags);

/// <summary>
/// Reads the configured journal for <c>backtest</c> without changing it. A SQLite journal is copied first through
/// SQLite's online backup from a read-only connection, and the copy is what the store opens: opening a store creates a
/// missing file and migrates an older schema, neither of which a look at the history may do to the journal a running
/// Watchdog (perhaps an older one) depends on. PostgreSQL is read through its store as the host reads it, which creates
/// or migrates its schema on first use as starting the host would: a read-only PostgreSQL store is not there yet.
/// </summary>
internal static class BacktestJournal
{
    /// <returns>The evidence, or null with the reason (in words, naming the journal) when there is none to read.</returns>
    public static async Task<(BacktestEvidence? Evidence, string? Absent)> ReadAsync(WatchdogSettings settings, string service, CancellationToken ct)
    {
        DirectoryInfo? copy = null;
        var location = "the PostgreSQL journal";
        try
        {
            var open = settings;
            if (settings.Store.Type == StoreType.Sqlite)
            {
                location = new SqliteStoreOptions { DataDirectory = settings.DataDirectory }.DatabasePath;
                if (!File.Exists(location)) return (null, $"no journal at {location} (Watchdog:DataDirectory)");
                copy = Directory.CreateTempSubdirectory("watchdog-backtest-");
                Snapshot(location, new SqliteStoreOptions { DataDirectory = copy.FullName }.DatabasePath);
                open = settings with { DataDirectory = copy.FullName };
            }

            using var store = JournalStores.Create(open, TimeProvider.System, NullLoggerFactory.Instance);
            if (copy is null) location = store.Location;
            var incidents = await store.ListAsync(int.MaxValue, ct);
            var deploys = await ReleaseWatch.DeploysAsync(store, service, ct);
            return (new BacktestEvidence(location, incidents, deploys, await ServiceWatch.FlagChangesAsync(store, service, ct)), null);
        }
        catch (Exception e) when (e is IncidentJournalException or DbException or IOException or UnauthorizedAccessException)
        {
            // What went wrong with the copy went wrong with the journal: it is named, not the temporary file.
            var problem = copy is null ? e.Message : e.Message.Replace(new SqliteStoreOptions { DataDirectory = copy.FullName }.DatabasePath, location, StringComparison.Ordinal);
            return (null, e is IncidentJournalException ? problem : $"the journal {location} could not be read: {problem}");
        }
        finally
        {
            copy?.Delete(recursive: true);
        }
    }

    private static void Snapshot(string journal, string copy)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = journal, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }
}
