using Npgsql;

namespace Watchdog.Integrations.Postgres;

/// <summary>Where the PostgreSQL journal is: one database that every Watchdog instance sharing it points at.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>). A secret: never logged.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>What is wrong with <paramref name="connectionString"/>, without repeating any of it; null when usable.</summary>
    public static string? Problem(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message can quote the string, and with it the password.
            return "is not a valid PostgreSQL connection string (Host=…;Port=…;Database=…;Username=…;Password=…)";
        }

        if (string.IsNullOrWhiteSpace(builder.Host)) return "must name the server (Host=…)";
        return string.IsNullOrWhiteSpace(builder.Database) ? "must name the database (Database=…)" : null;
    }

    /// <summary>Server and database, for logs and messages; no user, no password.</summary>
    internal static string Describe(NpgsqlConnectionStringBuilder builder) => $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
}
