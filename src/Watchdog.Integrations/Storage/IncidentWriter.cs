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

    private static readonly string[] StepColumns = ["incident_id", "key", "status", "attempt", "started_at", "ended_at", "output"];

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
        await using (var command = JournalCommand.Create(connection, tx, _upsertIncidentSql))
        {
            command.Add("id", incident.Id);
            command.Add("service", incident.Service);
            command.Add("mode", incident.Mode.ToString());
            command.Add("state", incident.State.ToString());
            command.Add("opened_at", JournalTime.Format(incident.OpenedAt));
            command.Add("closed_at", JournalTime.Format(incident.ClosedAt));
            command.Add("impact_started_at", JournalTime.Format(incident.ImpactStartedAt));
            command.Add("detected_at", JournalTime.Format(incident.DetectedAt));
            command.Add("rollback_started_at", JournalTime.Format(incident.RollbackStartedAt));
            command.Add("restored_at", JournalTime.Format(incident.RestoredAt));
            command.Add("from_version", incident.FromVersion);
            command.Add("to_version", incident.ToVersion);
            command.Add("target_deployment_id", incident.TargetDeploymentId);
            command.Add("trigger_json", JournalJson.WriteTrigger(incident.Trigger));
            command.Add("decision_json", JournalJson.WriteDecision(incident.Decision, incident.Trigger));
            command.Add("drill", incident.Drill ? 1 : 0);
            command.Add("updated_at", JournalTime.Format(now));
            await command.ExecuteNonQueryAsync(ct);
        }

        await WriteRowsAsync(connection, tx, InsertEventSql, incident.Id, incident.Timeline, ct,
            ("seq", DbType.Int32, e => e.Seq),
            ("at", DbType.String, e => JournalTime.Format(e.At)),
            ("kind", DbType.String, e => e.Kind.Text()),
            ("message", DbType.String, e => e.Message));
        await WriteRowsAsync(connection, tx, _upsertStepSql, incident.Id, incident.Steps, ct,
            ("key", DbType.String, s => s.Key),
            ("status", DbType.String, s => s.Status.ToString()),
            ("attempt", DbType.Int32, s => s.Attempt),
            ("started_at", DbType.String, s => JournalTime.Format(s.StartedAt)),
            ("ended_at", DbType.String, s => JournalTime.Format(s.EndedAt)),
            ("output", DbType.String, s => s.Output));
    }

    /// <summary>One statement for all of an incident's rows, its parameters rebound per row.</summary>
    private static async Task WriteRowsAsync<T>(
        DbConnection connection, DbTransaction tx, string sql, string incidentId, IEnumerable<T> rows, CancellationToken ct,
        params (string Name, DbType Type, Func<T, object?> Value)[] columns)
    {
        await using var command = JournalCommand.Create(connection, tx, sql);
        command.Add("incident_id", incidentId);
        var parameters = columns.Select(c => command.Add(c.Name, c.Type)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
                parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
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
