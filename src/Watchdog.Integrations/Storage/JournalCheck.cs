using Microsoft.Data.Sqlite;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// Whether the journal on disk is still the one Watchdog opened, and takes writes. A deleted file keeps working for
/// pooled connections (they write into the unlinked inode, lost at the next start), a replaced or corrupt one reads
/// as someone else's history, and a full disk fails only the next save: each must be found before it matters.
/// </summary>
internal static class JournalCheck
{
    public const string Scope = "journal";
    public const string IdentityKey = "identity";

    /// <summary>Less free space than this fails a save of a long timeline; said before it happens.</summary>
    public const long MinFreeBytes = 256 * 1024;

    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <returns>What is wrong, in words; null when the journal is the one opened and writable.</returns>
    public static async Task<string?> ProblemAsync(string path, string identity, DateTimeOffset now, CancellationToken ct)
    {
        if (!File.Exists(path)) return "the journal file is gone (deleted or moved while Watchdog runs)";
        if (await HeaderProblemAsync(path, ct) is { } header) return header;
        if (FreeBytes(path) is { } free && free < MinFreeBytes) return $"the disk holding the journal is full ({free / 1024} KiB free)";
        // A fresh, unpooled connection that must not create the file: it sees what a restart would see.
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5 }.ToString();
        try
        {
            await using var connection = new SqliteConnection(cs);
            await connection.OpenAsync(ct);
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT value FROM ledger WHERE scope = $scope AND \"key\" = $key";
                read.Parameters.AddWithValue("$scope", Scope);
                read.Parameters.AddWithValue("$key", IdentityKey);
                if (await read.ExecuteScalarAsync(ct) as string != identity) return "the journal file was replaced by another one";
            }

            // A write that must reach the disk, as a save's does: a full or read-only filesystem fails here.
            await using var tx = connection.BeginTransaction(deferred: false);
            await using (var write = connection.CreateCommand())
            {
                write.Transaction = tx;
                write.CommandText = "INSERT INTO ledger (scope, \"key\", value, at) VALUES ($scope, 'heartbeat', $at, $at) ON CONFLICT (scope, \"key\") DO UPDATE SET value = excluded.value, at = excluded.at";
                write.Parameters.AddWithValue("$scope", Scope);
                write.Parameters.AddWithValue("$at", JournalTime.Format(now));
                await write.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            return null;
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

    // Recent pages may live in the WAL, so SQLite itself can go on reading a file whose own header was overwritten.
    private static async Task<string?> HeaderProblemAsync(string path, CancellationToken ct)
    {
        var header = new byte[Magic.Length];
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
            return read == header.Length && header.AsSpan().SequenceEqual(Magic) ? null : "the journal file's header is not SQLite's (corrupt or overwritten)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the journal cannot be read: {e.Message}";
        }
    }

    private static long? FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(path))!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // a filesystem that cannot say; the write below still has to go through
        }
    }
}
