using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>A data directory under the temp path for one test, and the stores opened on it; all removed on dispose.</summary>
internal sealed class TempJournal : IDisposable
{
    private readonly List<SqliteIncidentStore> _stores = [];
    private readonly List<string> _directories = [];

    public TempJournal() => DataDirectory = NewDirectory();

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, SqliteStoreOptions.FileName);

    public ManualTimeProvider Time { get; } = new(Samples.T0);

    /// <summary>A new store instance, as a restarted process would make one.</summary>
    public SqliteIncidentStore Open(string? dataDirectory = null) =>
        Track(new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = dataDirectory ?? DataDirectory }), Time, NullLogger<SqliteIncidentStore>.Instance));

    public SqliteIncidentStore OpenWith(IReadOnlyList<Migration> migrations) =>
        Track(new SqliteIncidentStore(new SqliteStoreOptions { DataDirectory = DataDirectory }, Time, NullLogger.Instance, migrations));

    public string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "watchdog-store-tests", Guid.NewGuid().ToString("N"));
        _directories.Add(path);
        return path;
    }

    /// <summary>A connection of the test's own, outside any store's pool, to look at what is really in the file.</summary>
    public SqliteConnection Raw(string? databasePath = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath ?? DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql, string? databasePath = null)
    {
        using var connection = Raw(databasePath);
        return connection.Scalar(sql);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        foreach (var directory in _directories.Where(Directory.Exists))
            Directory.Delete(directory, recursive: true);
    }

    private SqliteIncidentStore Track(SqliteIncidentStore store)
    {
        _stores.Add(store);
        return store;
    }
}
