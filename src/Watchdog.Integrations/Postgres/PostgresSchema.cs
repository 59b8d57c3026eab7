using Npgsql;
using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Postgres;

/// <summary>
/// The journal's tables on PostgreSQL and their forward migrations, one row per applied version in
/// <c>schema_migrations</c>. Instances starting together take one advisory lock (scoped to the database), so the
/// first migrates and the others find it done. DDL is transactional here: a migration lands whole or not at all.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock's key: any fixed number other applications are unlikely to pick.</summary>
    private const long LockKey = 0x5761_7463_6864_6f67; // "Watchdog"

    // Columns mirror the SQLite journal's. Timestamps stay JournalTime text: timestamptz keeps microseconds, the
    // journal keeps ticks. COLLATE "C" makes text compare bytewise whatever the database's locale, which is what the
    // time comparisons and the newest-first order rely on. JSON is text: stored and read back byte for byte.
    private const string V1 = """
        CREATE TABLE incidents (
            id                   text COLLATE "C" NOT NULL PRIMARY KEY,
            service              text COLLATE "C" NOT NULL,
            mode                 text COLLATE "C" NOT NULL,
            state                text COLLATE "C" NOT NULL,
            opened_at            text COLLATE "C" NOT NULL,
            closed_at            text COLLATE "C",
            impact_started_at    text COLLATE "C" NOT NULL,
            detected_at          text COLLATE "C" NOT NULL,
            rollback_started_at  text COLLATE "C",
            restored_at          text COLLATE "C",
            from_version         text COLLATE "C",
            to_version           text COLLATE "C",
            target_deployment_id text COLLATE "C",
            trigger_json         text NOT NULL,
            decision_json        text,
            drill                integer NOT NULL DEFAULT 0,
            updated_at           text COLLATE "C" NOT NULL
        );
        CREATE INDEX incidents_by_opened_at ON incidents (opened_at);
        CREATE INDEX incidents_open ON incidents (opened_at) WHERE closed_at IS NULL;
        CREATE INDEX incidents_auto_rollbacks ON incidents (service, rollback_started_at) WHERE mode = 'Auto';

        CREATE TABLE timeline (
            incident_id text COLLATE "C" NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            seq         integer NOT NULL,
            at          text COLLATE "C" NOT NULL,
            kind        text COLLATE "C" NOT NULL,
            message     text NOT NULL,
            PRIMARY KEY (incident_id, seq)
        );

        -- ord is the order steps were first journaled in (SQLite's rowid): an upsert keeps it.
        CREATE TABLE steps (
            ord         bigint GENERATED ALWAYS AS IDENTITY,
            incident_id text COLLATE "C" NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            "key"       text COLLATE "C" NOT NULL,
            status      text COLLATE "C" NOT NULL,
            attempt     integer NOT NULL,
            started_at  text COLLATE "C" NOT NULL,
            ended_at    text COLLATE "C",
            output      text,
            PRIMARY KEY (incident_id, "key")
        );

        CREATE TABLE quarantine (
            service       text COLLATE "C" NOT NULL,
            version       text COLLATE "C" NOT NULL,
            deployment_id text COLLATE "C",
            incident_id   text COLLATE "C" NOT NULL,
            at            text COLLATE "C" NOT NULL,
            PRIMARY KEY (service, version)
        );

        CREATE TABLE ledger (
            scope text COLLATE "C" NOT NULL,
            "key" text COLLATE "C" NOT NULL,
            value text NOT NULL,
            at    text COLLATE "C" NOT NULL,
            PRIMARY KEY (scope, "key")
        );
        """;

    // Who acts for each service (see the SQLite journal's V5), and the fencing token every step ran under.
    private const string V2 = """
        CREATE TABLE leases (
            name        text COLLATE "C" NOT NULL PRIMARY KEY,
            instance    text COLLATE "C" NOT NULL,
            incarnation text COLLATE "C" NOT NULL,
            token       bigint NOT NULL,
            expires_at  text COLLATE "C" NOT NULL
        );
        ALTER TABLE steps ADD COLUMN token bigint NOT NULL DEFAULT 0;
        """;

    public static readonly IReadOnlyList<Migration> Migrations = [new(1, V1), new(2, V2)];

    /// <summary>Applies every migration not yet recorded; returns the version the database was at and the one it is at now.</summary>
    public static async Task<(int From, int To)> MigrateAsync(NpgsqlConnection connection, IReadOnlyList<Migration> migrations, string location, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, tx, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
        await Execute(connection, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, applied_at text NOT NULL)", ct);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));
        }

        var from = applied.Count == 0 ? 0 : applied.Max();
        var latest = migrations[^1].Version;
        if (from > latest)
            throw new IncidentJournalException(location,
                $"is at schema version {from}, newer than this Watchdog knows ({latest}). Run the newer Watchdog, or point Store:ConnectionString elsewhere.");

        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await Execute(connection, tx, migration.Sql, ct);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)", connection, tx);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("at", JournalTime.Format(now));
            await record.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return (from, latest);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
