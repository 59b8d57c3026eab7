using System.Data.Common;
using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// Rebuilds incidents from the journal: the matching incident rows, newest first, then their timelines and steps in
/// two more queries (not one pair per incident). The caller's read transaction keeps the three queries on one snapshot.
/// </summary>
internal static class IncidentReader
{
    private const string Order = "ORDER BY opened_at DESC, id DESC";

    // impact_started_at and detected_at are not read back: Incident derives them from its trigger.
    private const string IncidentColumns = """
        id, service, mode, state, opened_at, closed_at, rollback_started_at, restored_at,
        from_version, to_version, target_deployment_id, trigger_json, decision_json, drill
        """;

    /// <param name="where">A fixed SQL condition on <c>incidents</c>; values go in through <paramref name="bind"/>.</param>
    /// <param name="limit">At most this many; negative for all.</param>
    public static async Task<List<Incident>> ReadAsync(
        DbConnection connection, DbTransaction tx, JournalDialect dialect, string where, Action<DbCommand> bind, int limit, CancellationToken ct)
    {
        var selected = $"SELECT id FROM incidents WHERE {where} {Order} LIMIT @limit";
        object limitValue = limit < 0 ? dialect.NoLimit : limit;
        var timelines = new Dictionary<string, List<TimelineEvent>>(StringComparer.Ordinal);
        var steps = new Dictionary<string, List<StepRecord>>(StringComparer.Ordinal);

        await using (var command = Command(connection, tx, $"SELECT incident_id, seq, at, kind, message FROM timeline WHERE incident_id IN ({selected}) ORDER BY incident_id, seq", bind, limitValue))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                For(timelines, reader.GetString(0)).Add(new TimelineEvent(reader.GetInt32(1), JournalTime.Parse(reader.GetString(2)), Kind(reader.GetString(3)), reader.GetString(4)));
        }

        // The order steps were first journaled (an upsert keeps it), as the incident held them.
        await using (var command = Command(connection, tx, $"""SELECT incident_id, "key", status, attempt, started_at, ended_at, output, token FROM steps WHERE incident_id IN ({selected}) ORDER BY incident_id, {dialect.StepOrder}""", bind, limitValue))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                For(steps, reader.GetString(0)).Add(new StepRecord(
                    reader.GetString(1),
                    Enum.Parse<StepStatus>(reader.GetString(2)),
                    reader.GetInt32(3),
                    JournalTime.Parse(reader.GetString(4)),
                    reader.Time(5),
                    reader.Text(6)) { Token = reader.GetInt64(7) });
            }
        }

        var incidents = new List<Incident>();
        await using (var command = Command(connection, tx, $"SELECT {IncidentColumns} FROM incidents WHERE {where} {Order} LIMIT @limit", bind, limitValue))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                var trigger = JournalJson.ReadTrigger(reader.GetString(11));
                var incident = Incident.Restore(
                    id,
                    reader.GetString(1),
                    Enum.Parse<Mode>(reader.GetString(2)),
                    trigger,
                    JournalTime.Parse(reader.GetString(4)),
                    Enum.Parse<IncidentState>(reader.GetString(3)),
                    JournalJson.ReadDecision(reader.Text(12), trigger),
                    reader.Time(5),
                    timelines.GetValueOrDefault(id) ?? [],
                    steps.GetValueOrDefault(id) ?? [],
                    Convert.ToInt64(reader.GetValue(13), System.Globalization.CultureInfo.InvariantCulture) != 0);
                incident.RollbackStartedAt = reader.Time(6);
                incident.RestoredAt = reader.Time(7);
                incident.FromVersion = reader.Text(8);
                incident.ToVersion = reader.Text(9);
                incident.TargetDeploymentId = reader.Text(10);
                incidents.Add(incident);
            }
        }

        return incidents;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, Action<DbCommand> bind, object limit)
    {
        var command = JournalCommand.Create(connection, tx, sql);
        bind(command);
        command.Add("limit", limit);
        return command;
    }

    private static List<T> For<T>(Dictionary<string, List<T>> byIncident, string id)
    {
        if (!byIncident.TryGetValue(id, out var list))
            byIncident[id] = list = [];
        return list;
    }

    /// <summary>A kind this version does not write means the file is not what it claims to be: loud, not guessed.</summary>
    private static TimelineKind Kind(string text) =>
        TimelineKinds.Parse(text) ?? throw new InvalidDataException($"timeline kind '{text}' is not one this Watchdog writes");
}
