namespace Watchdog.Integrations.Storage;

/// <summary>The quarantine and the ledger: small durable facts beside the incidents.</summary>
public sealed partial class SqliteIncidentStore
{
    public async Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO quarantine (service, version, deployment_id, incident_id, at) VALUES ($service, $version, $deployment, $incident, $at)
            ON CONFLICT (service, version) DO NOTHING
            """;
        command.Parameters.AddWithValue("$service", service);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$deployment", (object?)deploymentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$incident", incidentId);
        command.Parameters.AddWithValue("$at", JournalTime.Format(at));
        await WritingAsync(() => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public async Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM ledger WHERE scope = $scope AND \"key\" = $key";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken) =>
        await WriteLedgerAsync(scope, key, value, "DO UPDATE SET value = excluded.value, at = excluded.at", cancellationToken);

    public async Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken) =>
        await WriteLedgerAsync(scope, key, value, "DO NOTHING", cancellationToken) == 1;

    private async Task<int> WriteLedgerAsync(string scope, string key, string value, string onConflict, CancellationToken ct)
    {
        await InitializeAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO ledger (scope, \"key\", value, at) VALUES ($scope, $key, $value, $at) ON CONFLICT (scope, \"key\") {onConflict}";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$at", JournalTime.Format(_time.GetUtcNow()));
        return await WritingAsync(() => command.ExecuteNonQueryAsync(ct), ct);
    }

    public async Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, deployment_id FROM quarantine WHERE service = $service";
        command.Parameters.AddWithValue("$service", service);
        var bad = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            bad.Add(reader.GetString(0));
            if (!reader.IsDBNull(1)) bad.Add(reader.GetString(1));
        }

        return bad;
    }
}
