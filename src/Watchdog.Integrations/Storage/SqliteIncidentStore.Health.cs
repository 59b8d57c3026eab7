using Microsoft.Data.Sqlite;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// The journal's own health: the file it opened is still there, still itself, and takes writes. Once lost, every
/// write is refused, loudly, rather than going into a deleted file or half onto a full disk.
/// </summary>
public sealed partial class SqliteIncidentStore
{
    private string _identity = "";
    private volatile string? _lost;

    /// <summary>What is wrong with the journal since the last check, or null while it is sound.</summary>
    public string? Problem => _lost;

    /// <summary>Checks the file on disk (identity, a durable write) and remembers the answer for every write after it.</summary>
    /// <returns>What is wrong, or null when the journal is sound again.</returns>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _lost = await JournalCheck.ProblemAsync(_path, _identity, _time.GetUtcNow(), cancellationToken);
            return _lost;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Every write: one at a time in this process, and none into a journal found lost.</summary>
    private async Task<T> WritingAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            // A stat per write: a deleted file is refused at once, not only at the next check.
            if (!File.Exists(_path)) _lost ??= "the journal file is gone (deleted or moved while Watchdog runs)";
            if (_lost is { } lost) throw new IncidentJournalException(_path, $"refuses writes: {lost}. Nothing is acted on until it is sound again.");
            return await write();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The journal's identity, made once per file: a file put in its place has another.</summary>
    private static async Task<string> IdentityAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO ledger (scope, "key", value, at) VALUES ($scope, $key, $value, $at) ON CONFLICT (scope, "key") DO NOTHING;
            SELECT value FROM ledger WHERE scope = $scope AND "key" = $key;
            """;
        command.Parameters.AddWithValue("$scope", JournalCheck.Scope);
        command.Parameters.AddWithValue("$key", JournalCheck.IdentityKey);
        command.Parameters.AddWithValue("$value", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$at", JournalTime.Format(DateTimeOffset.UnixEpoch));
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
