namespace Watchdog.Integrations.Storage;

/// <summary>The quarantine and the ledger: small durable facts beside the incidents.</summary>
public abstract partial class JournalStore
{
    public async Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await WritingAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = JournalCommand.Create(connection, null, """
                INSERT INTO quarantine (service, version, deployment_id, incident_id, at) VALUES (@service, @version, @deployment, @incident, @at)
                ON CONFLICT (service, version) DO NOTHING
                """);
            command.Add("service", service);
            command.Add("version", version);
            command.Add("deployment", deploymentId);
            command.Add("incident", incidentId);
            command.Add("at", JournalTime.Format(at));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = JournalCommand.Create(connection, null, "SELECT version, deployment_id FROM quarantine WHERE service = @service");
        command.Add("service", service);
        var bad = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            bad.Add(reader.GetString(0));
            if (!reader.IsDBNull(1)) bad.Add(reader.GetString(1));
        }

        return bad;
    }

    public async Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        return await LedgerValueAsync(connection, scope, key, cancellationToken);
    }

    public async Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken) =>
        await WriteLedgerAsync(scope, key, value, "DO UPDATE SET value = excluded.value, at = excluded.at", cancellationToken);

    // Not retried: had a first try committed before its connection broke, a second would answer "already used".
    public async Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken) =>
        await WriteLedgerAsync(scope, key, value, "DO NOTHING", cancellationToken, idempotent: false) == 1;

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> EntriesAsync(string scope, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        // Keys of one scope are written with the time first where order matters (the inbox), so "key" orders them.
        await using var command = JournalCommand.Create(connection, null, "SELECT \"key\", value FROM ledger WHERE scope = @scope ORDER BY at, \"key\"");
        command.Add("scope", scope);
        var entries = new List<KeyValuePair<string, string>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new(reader.GetString(0), reader.GetString(1)));
        return entries;
    }

    public async Task<IReadOnlySet<string>> ScopesAsync(string prefix, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        // A range on the primary key's first column, not LIKE: no escaping, and the index serves it on both engines.
        await using var command = JournalCommand.Create(connection, null, "SELECT DISTINCT scope FROM ledger WHERE scope >= @from AND scope < @to");
        command.Add("from", prefix);
        command.Add("to", prefix + char.MaxValue);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) scopes.Add(reader.GetString(0));
        return scopes;
    }

    // Not retried: had a first try committed before its connection broke, the second would answer "not there".
    public async Task<bool> RemoveAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await WritingAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = JournalCommand.Create(connection, null, "DELETE FROM ledger WHERE scope = @scope AND \"key\" = @key");
            command.Add("scope", scope);
            command.Add("key", key);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken, idempotent: false);
    }

    private async Task<int> WriteLedgerAsync(string scope, string key, string value, string onConflict, CancellationToken ct, bool idempotent = true)
    {
        await InitializeAsync(ct);
        return await WritingAsync(async () =>
        {
            await using var connection = await OpenAsync(ct);
            return await LedgerWriteAsync(connection, null, scope, key, value, Time.GetUtcNow(), onConflict, ct);
        }, ct, idempotent);
    }

    private static async Task<string?> LedgerValueAsync(System.Data.Common.DbConnection connection, string scope, string key, CancellationToken ct)
    {
        await using var command = JournalCommand.Create(connection, null, "SELECT value FROM ledger WHERE scope = @scope AND \"key\" = @key");
        command.Add("scope", scope);
        command.Add("key", key);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private static async Task<int> LedgerWriteAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx, string scope, string key, string value, DateTimeOffset at, string onConflict, CancellationToken ct)
    {
        await using var command = JournalCommand.Create(connection, tx, $"INSERT INTO ledger (scope, \"key\", value, at) VALUES (@scope, @key, @value, @at) ON CONFLICT (scope, \"key\") {onConflict}");
        command.Add("scope", scope);
        command.Add("key", key);
        command.Add("value", value);
        command.Add("at", JournalTime.Format(at));
        return await command.ExecuteNonQueryAsync(ct);
    }
}
