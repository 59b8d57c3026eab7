using Npgsql;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>A database of its own on the test server (<c>WATCHDOG_TEST_POSTGRES</c>), dropped on dispose.</summary>
internal sealed class PostgresDatabase : IDisposable
{
    private readonly string _server = PostgresFactAttribute.Required;

    public PostgresDatabase()
    {
        Name = "watchdog_test_" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public int ServerPort => new NpgsqlConnectionStringBuilder(_server).Port;

    /// <summary>A connection of the test's own, outside any store's pool.</summary>
    public NpgsqlConnection Raw()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A statement on the server's own database (CREATE, ALTER or DROP DATABASE).</summary>
    public void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose() => Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
}
