using Microsoft.Extensions.Configuration;
using Npgsql;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Postgres;

namespace Watchdog.Configuration;

/// <summary>Which journal engine <see cref="StoreSettings"/> names.</summary>
public enum StoreType
{
    /// <summary>One SQLite file in <c>Watchdog:DataDirectory</c>: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, which several instances can share.</summary>
    Postgres,
}

/// <param name="ConnectionString">For <see cref="StoreType.Postgres"/>: the Npgsql connection string, a secret.</param>
public sealed record StoreSettings(StoreType Type, string? ConnectionString)
{
    public static readonly StoreSettings Sqlite = new(StoreType.Sqlite, null);

    /// <summary>What the redactor masks: the whole string, and its password wherever it turns up on its own.</summary>
    public IEnumerable<string?> Secrets => ConnectionString is { } cs ? [cs, PasswordOf(cs)] : [];

    private static string? PasswordOf(string connectionString) => PostgresStoreOptions.Problem(connectionString) is null
        ? new NpgsqlConnectionStringBuilder(connectionString).Password
        : null;
}

/// <summary><c>Watchdog:Store</c>: <c>Type</c> (<c>Sqlite</c> or <c>Postgres</c>) and the PostgreSQL <c>ConnectionString</c> or <c>ConnectionStringFile</c>.</summary>
internal static class StoreReader
{
    public static StoreSettings Read(ConfigReader r, IConfigurationSection store)
    {
        var type = r.Enum(store, "Type", StoreType.Sqlite);
        var connectionString = r.Secret(store, "ConnectionString");
        if (type == StoreType.Sqlite)
        {
            if (connectionString is not null)
                r.Error(store, "ConnectionString", "is only for Type Postgres; the SQLite journal lives in Watchdog:DataDirectory");
            return StoreSettings.Sqlite;
        }

        var fromFile = store["ConnectionStringFile"] is { Length: > 0 };
        if (connectionString is null && !fromFile) // an unreadable file has said so already
            r.Error(store, "ConnectionString", "is required when Type is Postgres (or ConnectionStringFile: a file holding it)");
        else if (connectionString is not null && PostgresStoreOptions.Problem(connectionString) is { } problem)
            r.Error(store, fromFile ? "ConnectionStringFile" : "ConnectionString", problem);
        return new StoreSettings(type, connectionString);
    }
}
