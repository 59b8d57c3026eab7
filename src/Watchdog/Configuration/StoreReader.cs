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
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(15);

    public static readonly StoreSettings Sqlite = new(StoreType.Sqlite, null);

    /// <summary>This instance's name among those sharing the journal (default: the host name, a pod's name). A restart under the same name takes its services back at once.</summary>
    public string Instance { get; init; } = Environment.MachineName;

    /// <summary>How long a service's lease lasts without renewal: the longest an instance that died holds its services.</summary>
    public TimeSpan LeaseTtl { get; init; } = DefaultLeaseTtl;

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
        var instance = r.String(store, "Instance", Environment.MachineName)!;
        if (instance.Length is 0 or > 200 || instance.Any(char.IsControl))
            r.Error(store, "Instance", "must be 1 to 200 printable characters (a name unique among the instances sharing the journal)");
        // Renewed every third of it: shorter than 1 s would be a write storm, longer than 5 min a long wait after a crash.
        var ttl = r.Duration(store, "LeaseTtl", StoreSettings.DefaultLeaseTtl, min: TimeSpan.FromSeconds(1), max: TimeSpan.FromMinutes(5));
        if (type == StoreType.Sqlite)
        {
            if (connectionString is not null)
                r.Error(store, "ConnectionString", "is only for Type Postgres; the SQLite journal lives in Watchdog:DataDirectory");
            return StoreSettings.Sqlite with { Instance = instance, LeaseTtl = ttl };
        }

        var fromFile = store["ConnectionStringFile"] is { Length: > 0 };
        if (connectionString is null && !fromFile) // an unreadable file has said so already
            r.Error(store, "ConnectionString", "is required when Type is Postgres (or ConnectionStringFile: a file holding it)");
        else if (connectionString is not null && PostgresStoreOptions.Problem(connectionString) is { } problem)
            r.Error(store, fromFile ? "ConnectionStringFile" : "ConnectionString", problem);
        return new StoreSettings(type, connectionString) { Instance = instance, LeaseTtl = ttl };
    }
}
