using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>A fresh database for one test, and the stores opened on it; all closed and dropped on dispose.</summary>
internal sealed class PostgresJournal : IDisposable
{
    private readonly List<JournalStore> _stores = [];

    public PostgresDatabase Database { get; } = new();

    public string Name => Database.Name;

    public string ConnectionString => Database.ConnectionString;

    public ManualTimeProvider Time { get; } = new(Samples.T0);

    /// <summary>A new store instance, as a restarted process (or another instance) would make one.</summary>
    public PostgresIncidentStore Open(string? connectionString = null) =>
        Track(new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = connectionString ?? ConnectionString }, Time, NullLogger<PostgresIncidentStore>.Instance));

    public PostgresIncidentStore OpenWith(IReadOnlyList<Migration> migrations) =>
        Track(new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = ConnectionString }, Time, NullLogger.Instance, migrations));

    public NpgsqlConnection Raw() => Database.Raw();

    public void Execute(string sql)
    {
        using var connection = Raw();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Admin(string sql) => Database.Admin(sql);

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        Database.Dispose();
    }

    private PostgresIncidentStore Track(PostgresIncidentStore store)
    {
        _stores.Add(store);
        return store;
    }
}
