using Microsoft.Data.Sqlite;

namespace Watchdog.Integrations.Storage;

/// <summary>The SQLite journal's health: the file it opened is still there, still itself, and takes writes.</summary>
public sealed partial class SqliteIncidentStore
{
    private protected override async Task<string?> ProblemAsync(CancellationToken ct)
    {
        if (await JournalCheck.FileProblemAsync(_path, ct) is { } problem) return problem;
        // A fresh, unpooled connection that must not create the file: it sees what a restart would see.
        var cs = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5 }.ToString();
        try
        {
            await using var connection = new SqliteConnection(cs);
            await connection.OpenAsync(ct);
            // A write that must reach the disk, as a save's does: a full or read-only filesystem fails here.
            return await IdentityAndWriteProblemAsync(connection, "the journal file was replaced by another one", ct);
        }
        catch (SqliteException e)
        {
            return $"the journal cannot be used: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the journal cannot be used: {e.Message}";
        }
    }

    // A stat per write: a deleted file is refused at once, not only at the next check.
    private protected override string? QuickProblem() => File.Exists(_path) ? null : JournalCheck.Gone;
}
