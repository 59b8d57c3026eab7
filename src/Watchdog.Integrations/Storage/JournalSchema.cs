using Microsoft.Data.Sqlite;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// The journal's schema and its forward migrations. <c>schema_version</c> holds the version the file is at; start-up
/// applies every later step in one transaction, and refuses a file from a newer Watchdog rather than misread it.
/// </summary>
internal static class JournalSchema
{
    // STRICT: a value of the wrong type is an error, not silently stored. Timestamps are JournalTime text.
    // Steps and timeline hang off incidents with ON DELETE CASCADE, which is why saving is an upsert and never
    // INSERT OR REPLACE (a replace deletes the row first, and the cascade would take the journal with it).
    private const string V1 = """
        CREATE TABLE incidents (
            id                   TEXT NOT NULL PRIMARY KEY,
            service              TEXT NOT NULL,
            mode                 TEXT NOT NULL,
            state                TEXT NOT NULL,
            opened_at            TEXT NOT NULL,
            closed_at            TEXT,
            impact_started_at    TEXT NOT NULL,
            detected_at          TEXT NOT NULL,
            rollback_started_at  TEXT,
            restored_at          TEXT,
            from_version         TEXT,
            to_version           TEXT,
            target_deployment_id TEXT,
            trigger_json         TEXT NOT NULL,
            decision_json        TEXT,
            updated_at           TEXT NOT NULL
        ) STRICT;
        CREATE INDEX incidents_by_opened_at ON incidents (opened_at);
        CREATE INDEX incidents_open ON incidents (opened_at) WHERE closed_at IS NULL;
        CREATE INDEX incidents_auto_rollbacks ON incidents (service, rollback_started_at) WHERE mode = 'Auto';

        CREATE TABLE timeline (
            incident_id TEXT    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            seq         INTEGER NOT NULL,
            at          TEXT    NOT NULL,
            kind        TEXT    NOT NULL,
            message     TEXT    NOT NULL,
            PRIMARY KEY (incident_id, seq)
        ) STRICT;

        CREATE TABLE steps (
            incident_id TEXT    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            "key"       TEXT    NOT NULL,
            status      TEXT    NOT NULL,
            attempt     INTEGER NOT NULL,
            started_at  TEXT    NOT NULL,
            ended_at    TEXT,
            output      TEXT,
            PRIMARY KEY (incident_id, "key")
        ) STRICT;
        """;

    // A rolled-back release is recorded as bad, per service and version, so it is never chosen as a
    // target again and its return is noticed.
    private const string V2 = """
        CREATE TABLE quarantine (
            service       TEXT NOT NULL,
            version       TEXT NOT NULL,
            deployment_id TEXT,
            incident_id   TEXT NOT NULL,
            at            TEXT NOT NULL,
            PRIMARY KEY (service, version)
        ) STRICT;
        """;

    // Small durable facts (ILedger): a status-page incident per Watchdog incident, approval links used,
    // latency baselines per deployment.
    private const string V3 = """
        CREATE TABLE ledger (
            scope TEXT NOT NULL,
            "key" TEXT NOT NULL,
            value TEXT NOT NULL,
            at    TEXT NOT NULL,
            PRIMARY KEY (scope, "key")
        ) STRICT;
        """;

    // A drill (a scheduled rehearsal of the runbook) is an incident of its own, marked so the budget does not count it.
    private const string V4 = """
        ALTER TABLE incidents ADD COLUMN drill INTEGER NOT NULL DEFAULT 0;
        """;

    // Several Watchdogs on one journal: who acts for each service (a lease with an expiry), and the fencing token
    // every step ran under, so a step saved under a token that is no longer the lease's is refused.
    private const string V5 = """
        CREATE TABLE leases (
            name        TEXT    NOT NULL PRIMARY KEY,
            instance    TEXT    NOT NULL,
            incarnation TEXT    NOT NULL,
            token       INTEGER NOT NULL,
            expires_at  TEXT    NOT NULL
        ) STRICT;
        ALTER TABLE steps ADD COLUMN token INTEGER NOT NULL DEFAULT 0;
        """;

    public static readonly IReadOnlyList<Migration> Migrations = [new(1, V1), new(2, V2), new(3, V3), new(4, V4), new(5, V5)];

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the file to the last of <paramref name="migrations"/>; returns the version it was at and the one it is at now.</summary>
    public static async Task<(int From, int To)> MigrateAsync(SqliteConnection connection, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        // IMMEDIATE: two processes starting together (the service and a CLI verb) migrate one after the other.
        await using var tx = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_version (
                id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL
            ) STRICT;
            """, ct);

        await using var read = connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT version FROM schema_version WHERE id = 1";
        var from = await read.ExecuteScalarAsync(ct) is long v ? (int)v : 0;

        var latest = migrations[^1].Version;
        if (from > latest)
            throw new IncidentJournalException(connection.DataSource,
                $"is at schema version {from}, newer than this Watchdog knows ({latest}). Run the newer Watchdog, or point DataDirectory elsewhere.");

        foreach (var migration in migrations.Where(m => m.Version > from).OrderBy(m => m.Version))
            await ExecuteAsync(connection, tx, migration.Sql, ct);

        if (latest != from)
        {
            await using var write = connection.CreateCommand();
            write.Transaction = tx;
            write.CommandText = "INSERT INTO schema_version (id, version) VALUES (1, $version) ON CONFLICT (id) DO UPDATE SET version = excluded.version";
            write.Parameters.AddWithValue("$version", latest);
            await write.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return (from, latest);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
