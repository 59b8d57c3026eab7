using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>A database of its own on the test server for one test, and the stores opened on it; dropped on dispose.</summary>
internal sealed class PostgresJournal : IDisposable
{
    private readonly List<JournalStore> _stores = [];
    private readonly string _server = PostgresFactAttribute.Required;

    public PostgresJournal()
    {
        Name = "watchdog_test_" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public ManualTimeProvider Time { get; } = new(Samples.T0);

    /// <summary>A new store instance, as a restarted process (or another instance) would make one.</summary>
    public PostgresIncidentStore Open(string? connectionString = null) =>
        Track(new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = connectionString ?? ConnectionString }, Time, NullLogger<PostgresIncidentStore>.Instance));

    public PostgresIncidentStore OpenWith(IReadOnlyList<Migration> migrations) =>
        Track(new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = ConnectionString }, Time, NullLogger.Instance, migrations));

    /// <summary>A connection of the test's own, outside any store's pool.</summary>
    public NpgsqlConnection Raw()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Raw();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>A statement on the server's own database (CREATE, ALTER or DROP DATABASE).</summary>
    public void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private PostgresIncidentStore Track(PostgresIncidentStore store)
    {
        _stores.Add(store);
        return store;
    }
}
