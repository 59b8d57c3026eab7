using System.Data.Common;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// Leases (who acts for a service when several Watchdogs share the journal) and the fence on every save. One SQL
/// for both engines: an upsert that renews a lease for its holder, takes over an expired one (or one this instance
/// held in an earlier life) with the next token, and leaves a live one of another holder alone.
/// </summary>
public abstract partial class JournalStore : ILeases
{
    // The names go in as one JSON array, not a parameter each: binding a thousand named parameters costs SQLite a
    // scan of the statement's names per parameter (measured: a sixth of the host's CPU at 5,000 services), and the
    // statement text no longer grows with the fleet.
    private string HoldSql => $"""
        INSERT INTO leases (name, instance, incarnation, token, expires_at)
        SELECT value, @instance, @incarnation, 1, @expires FROM ({_dialect.Elements("@names")}) AS asked WHERE true
        ON CONFLICT (name) DO UPDATE SET
            token = CASE WHEN leases.instance = excluded.instance AND leases.incarnation = excluded.incarnation THEN leases.token ELSE leases.token + 1 END,
            instance = excluded.instance, incarnation = excluded.incarnation, expires_at = excluded.expires_at
        WHERE leases.instance = excluded.instance OR leases.expires_at <= @now
        RETURNING name, token
        """;

    public async Task<IReadOnlyDictionary<string, long>> HoldAsync(IReadOnlyCollection<string> names, LeaseHolder holder, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        // One order for every instance: two rounds lock the rows in the same order and never deadlock.
        var asked = JsonArray(names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        // Renewing twice is renewing once, so a broken connection is retried.
        return await WritingAsync(async () =>
        {
            var held = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await BeginAsync(connection, write: true, cancellationToken);
            await using (var command = JournalCommand.Create(connection, tx, HoldSql))
            {
                command.Add("names", asked);
                command.Add("instance", holder.Instance);
                command.Add("incarnation", holder.Incarnation);
                command.Add("expires", JournalTime.Format(now + ttl));
                command.Add("now", JournalTime.Format(now));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    held[reader.GetString(0)] = reader.GetInt64(1);
            }

            await tx.CommitAsync(cancellationToken);
            return (IReadOnlyDictionary<string, long>)held;
        }, cancellationToken);
    }

    private static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var v in values) json.WriteStringValue(v);
            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public async Task ReleaseAsync(IReadOnlyCollection<string> names, LeaseHolder holder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await WritingAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await BeginAsync(connection, write: true, cancellationToken);
            // One statement for all of them (a fleet's stop released them one UPDATE each).
            await using (var command = JournalCommand.Create(connection, tx,
                $"UPDATE leases SET expires_at = @now WHERE name IN ({_dialect.Elements("@names")}) AND instance = @instance AND incarnation = @incarnation"))
            {
                command.Add("now", JournalTime.Format(now));
                command.Add("names", JsonArray(names.Order(StringComparer.Ordinal)));
                command.Add("instance", holder.Instance);
                command.Add("incarnation", holder.Incarnation);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<LeaseRecord>> ListLeasesAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = JournalCommand.Create(connection, null, "SELECT name, instance, incarnation, token, expires_at FROM leases ORDER BY name");
        var leases = new List<LeaseRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            leases.Add(new LeaseRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), JournalTime.Parse(reader.GetString(4))));
        return leases;
    }

    /// <summary>
    /// Inside a save's transaction: refuses it when the incident is fenced and the service's lease has another token
    /// now. The row is locked until commit, so a takeover waits for this save or this save sees the takeover.
    /// </summary>
    private async Task CheckFenceAsync(DbConnection connection, DbTransaction tx, Incident incident, CancellationToken ct)
    {
        if (incident.Fence == 0) return;
        await using var command = JournalCommand.Create(connection, tx, $"SELECT token FROM leases WHERE name = @name{_dialect.LockRow}");
        command.Add("name", LeaseNames.Service(incident.Service));
        var current = await command.ExecuteScalarAsync(ct) is { } t ? Convert.ToInt64(t, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (current != incident.Fence)
            throw new FencedOffException(incident.Service, $"the save of incident {incident.Id} was made under token {incident.Fence}, and the lease is at {current}");
    }
}
