using System.Data;
using System.Data.Common;
using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// Writes one incident inside the caller's transaction: the incident row and its steps are upserted, timeline events
/// appended by (incident, seq). Rows whose values did not change are left alone, so saving the same incident again
/// writes nothing, not even <c>updated_at</c>.
/// </summary>
internal sealed class IncidentWriter
{
    private static readonly string[] IncidentColumns =
    [
        "id", "service", "mode", "state", "opened_at", "closed_at", "impact_started_at", "detected_at", "rollback_started_at",
        "restored_at", "from_version", "to_version", "target_deployment_id", "trigger_json", "decision_json", "drill",
    ];

    private static readonly string[] StepColumns = ["incident_id", "key", "status", "attempt", "started_at", "ended_at", "output", "token"];

    // Events are append-only: one already journaled under this seq is never rewritten.
    private const string InsertEventSql = """
        INSERT INTO timeline (incident_id, seq, at, kind, message) VALUES (@incident_id, @seq, @at, @kind, @message)
        ON CONFLICT (incident_id, seq) DO NOTHING
        """;

    private readonly string _upsertIncidentSql;
    private readonly string _upsertStepSql;

    public IncidentWriter(JournalDialect dialect)
    {
        _upsertIncidentSql = Upsert(dialect, "incidents", [.. IncidentColumns, "updated_at"], ["id"], IncidentColumns[1..], "updated_at");
        _upsertStepSql = Upsert(dialect, "steps", StepColumns, ["incident_id", "key"], StepColumns[2..], touched: null);
    }

    public async Task WriteAsync(DbConnection connection, DbTransaction tx, Incident incident, DateTimeOffset now, CancellationToken ct)
    {
        var id = incident.Id;
        Group[] groups =
        [
            new(_upsertIncidentSql, IncidentParameters, [[
                id, incident.Service, incident.Mode.ToString(), incident.State.ToString(), JournalTime.Format(incident.OpenedAt),
                JournalTime.Format(incident.ClosedAt), JournalTime.Format(incident.ImpactStartedAt), JournalTime.Format(incident.DetectedAt),
                JournalTime.Format(incident.RollbackStartedAt), JournalTime.Format(incident.RestoredAt), incident.FromVersion, incident.ToVersion,
                incident.TargetDeploymentId, JournalJson.WriteTrigger(incident.Trigger), JournalJson.WriteDecision(incident.Decision, incident.Trigger),
                incident.Drill ? 1 : 0, JournalTime.Format(now),
            ]]),
            new(InsertEventSql, EventParameters, incident.Timeline.Select(e => new object?[] { id, e.Seq, JournalTime.Format(e.At), e.Kind.Text(), e.Message })),
            new(_upsertStepSql, StepParameters, incident.Steps.Select(s => new object?[]
                { id, s.Key, s.Status.ToString(), s.Attempt, JournalTime.Format(s.StartedAt), JournalTime.Format(s.EndedAt), s.Output, s.Token })),
        ];

        if (connection.CanCreateBatch) await BatchAsync(connection, tx, groups, ct);
        else await RowByRowAsync(connection, tx, groups, ct);
    }

    private static readonly (string Name, DbType Type)[] IncidentParameters =
        [.. IncidentColumns.Append("updated_at").Select(c => (c, c is "drill" ? DbType.Int32 : DbType.String))];

    private static readonly (string Name, DbType Type)[] EventParameters =
        [("incident_id", DbType.String), ("seq", DbType.Int32), ("at", DbType.String), ("kind", DbType.String), ("message", DbType.String)];

    private static readonly (string Name, DbType Type)[] StepParameters =
        [.. StepColumns.Select(c => (c, c switch { "attempt" => DbType.Int32, "token" => DbType.Int64, _ => DbType.String }))];

    /// <summary>One statement and the values of each row it writes, in <see cref="Parameters"/> order.</summary>
    private sealed record Group(string Sql, (string Name, DbType Type)[] Parameters, IEnumerable<object?[]> Rows);

    /// <summary>Every row in one batch: one round trip to a server (PostgreSQL), however many steps the incident has.</summary>
    private static async Task BatchAsync(DbConnection connection, DbTransaction tx, Group[] groups, CancellationToken ct)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = tx;
        foreach (var group in groups)
        {
            foreach (var row in group.Rows)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = group.Sql;
                for (var i = 0; i < row.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = group.Parameters[i].Name;
                    parameter.DbType = group.Parameters[i].Type;
                    parameter.Value = row[i] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One command per statement, its parameters rebound per row: in-process calls (SQLite), prepared once.</summary>
    private static async Task RowByRowAsync(DbConnection connection, DbTransaction tx, Group[] groups, CancellationToken ct)
    {
        foreach (var group in groups)
        {
            await using var command = JournalCommand.Create(connection, tx, group.Sql);
            var parameters = group.Parameters.Select(p => command.Add(p.Name, p.Type)).ToArray();
            foreach (var row in group.Rows)
            {
                for (var i = 0; i < row.Length; i++)
                    parameters[i].Value = row[i] ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>
    /// INSERT ... ON CONFLICT DO UPDATE that only fires when a compared column differs (null-safe), setting
    /// <paramref name="touched"/> as well when it does.
    /// </summary>
    private static string Upsert(JournalDialect dialect, string table, string[] columns, string[] keys, string[] compared, string? touched)
    {
        static string Q(string c) => $"\"{c}\"";
        var set = compared.Append(touched).OfType<string>().Select(c => $"{Q(c)} = excluded.{Q(c)}");
        var changed = compared.Select(c => dialect.Differs($"{table}.{Q(c)}", $"excluded.{Q(c)}"));
        return $"""
            INSERT INTO {table} ({string.Join(", ", columns.Select(Q))}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})
            ON CONFLICT ({string.Join(", ", keys.Select(Q))}) DO UPDATE SET {string.Join(", ", set)}
            WHERE {string.Join(" OR ", changed)}
            """;
    }
}
