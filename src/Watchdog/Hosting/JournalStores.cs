using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watchdog.Configuration;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;

namespace Watchdog.Hosting;

/// <summary>The journal <c>Watchdog:Store:Type</c> names: the SQLite file in DataDirectory, or a PostgreSQL database.</summary>
internal static class JournalStores
{
    public static JournalStore Create(WatchdogSettings settings, TimeProvider time, ILoggerFactory logs) => settings.Store.Type switch
    {
        StoreType.Postgres => new PostgresIncidentStore(
            new PostgresStoreOptions { ConnectionString = settings.Store.ConnectionString! }, time, logs.CreateLogger<PostgresIncidentStore>()),
        _ => new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = settings.DataDirectory }), time, logs.CreateLogger<SqliteIncidentStore>()),
    };
}
