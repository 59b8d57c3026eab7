using Microsoft.Data.Sqlite;
using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// Writes one incident inside the caller's transaction: the incident row and its steps are upserted, timeline events
/// appended by (incident, seq). Rows whose values did not change are left alone, so saving the same incident again
/// writes nothing, not even <c>updated_at</c>.
/// </summary>
internal static class IncidentWriter
{
    private static readonly string[] IncidentColumns =
    [
        "id", "service", "mode", "state", "opened_at", "closed_at", "impact_started_at", "detected_at", "rollback_started_at",
        "restored_at", "from_version", "to_version", "target_deployment_id", "trigger_json", "decision_json", "drill",
    ];

    private static readonly string UpsertIncidentSql = Upsert("incidents", [.. IncidentColumns, "updated_at"], ["id"], IncidentColumns[1..], "updated_at");

    private static readonly string[] StepColumns = ["incident_id", "key", "status", "attempt", "started_at", "ended_at", "output"];

    private static readonly string UpsertStepSql = Upsert("steps", StepColumns, ["incident_id", "key"], StepColumns[2..], touched: null);

    // Events are append-only: one already journaled under this seq is never rewritten.
    private const string InsertEventSql = """
        INSERT INTO timeline (incident_id, seq, at, kind, message) VALUES ($incident_id, $seq, $at, $kind, $message)
        ON CONFLICT (incident_id, seq) DO NOTHING
        """;

    public static async Task WriteAsync(SqliteConnection connection, SqliteTransaction tx, Incident incident, DateTimeOffset now, CancellationToken ct)
    {
        await using (var command = Command(connection, tx, UpsertIncidentSql))
        {
            var p = command.Parameters;
            p.AddWithValue("$id", incident.Id);
            p.AddWithValue("$service", incident.Service);
            p.AddWithValue("$mode", incident.Mode.ToString());
            p.AddWithValue("$state", incident.State.ToString());
            p.AddWithValue("$opened_at", JournalTime.Format(incident.OpenedAt));
            p.AddWithValue("$closed_at", JournalTime.Format(incident.ClosedAt));
            p.AddWithValue("$impact_started_at", JournalTime.Format(incident.ImpactStartedAt));
            p.AddWithValue("$detected_at", JournalTime.Format(incident.DetectedAt));
            p.AddWithValue("$rollback_started_at", JournalTime.Format(incident.RollbackStartedAt));
            p.AddWithValue("$restored_at", JournalTime.Format(incident.RestoredAt));
            p.AddWithValue("$from_version", OrNull(incident.FromVersion));
            p.AddWithValue("$to_version", OrNull(incident.ToVersion));
            p.AddWithValue("$target_deployment_id", OrNull(incident.TargetDeploymentId));
            p.AddWithValue("$trigger_json", JournalJson.WriteTrigger(incident.Trigger));
            p.AddWithValue("$decision_json", OrNull(JournalJson.WriteDecision(incident.Decision, incident.Trigger)));
            p.AddWithValue("$drill", incident.Drill ? 1 : 0);
            p.AddWithValue("$updated_at", JournalTime.Format(now));
            await command.ExecuteNonQueryAsync(ct);
        }

        // One prepared statement each, rebound per row.
        await using (var command = Command(connection, tx, InsertEventSql))
        {
            command.Parameters.AddWithValue("$incident_id", incident.Id);
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            var kind = command.Parameters.Add("$kind", SqliteType.Text);
            var message = command.Parameters.Add("$message", SqliteType.Text);
            foreach (var e in incident.Timeline)
            {
                seq.Value = e.Seq;
                at.Value = JournalTime.Format(e.At);
                kind.Value = e.Kind.Text();
                message.Value = e.Message;
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        await using (var command = Command(connection, tx, UpsertStepSql))
        {
            command.Parameters.AddWithValue("$incident_id", incident.Id);
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var status = command.Parameters.Add("$status", SqliteType.Text);
            var attempt = command.Parameters.Add("$attempt", SqliteType.Integer);
            var startedAt = command.Parameters.Add("$started_at", SqliteType.Text);
            var endedAt = command.Parameters.Add("$ended_at", SqliteType.Text);
            var output = command.Parameters.Add("$output", SqliteType.Text);
            foreach (var s in incident.Steps)
            {
                key.Value = s.Key;
                status.Value = s.Status.ToString();
                attempt.Value = s.Attempt;
                startedAt.Value = JournalTime.Format(s.StartedAt);
                endedAt.Value = JournalTime.Format(s.EndedAt);
                output.Value = OrNull(s.Output);
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static object OrNull(string? value) => (object?)value ?? DBNull.Value;

    /// <summary>
    /// INSERT ... ON CONFLICT DO UPDATE that only fires when a compared column differs (IS NOT: null-safe), setting
    /// <paramref name="touched"/> as well when it does.
    /// </summary>
    private static string Upsert(string table, string[] columns, string[] keys, string[] compared, string? touched)
    {
        static string Q(string c) => $"\"{c}\"";
        var set = compared.Append(touched).OfType<string>().Select(c => $"{Q(c)} = excluded.{Q(c)}");
        var changed = compared.Select(c => $"{Q(c)} IS NOT excluded.{Q(c)}");
        return $"""
            INSERT INTO {table} ({string.Join(", ", columns.Select(Q))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})
            ON CONFLICT ({string.Join(", ", keys.Select(Q))}) DO UPDATE SET {string.Join(", ", set)}
            WHERE {string.Join(" OR ", changed)}
            """;
    }
}
