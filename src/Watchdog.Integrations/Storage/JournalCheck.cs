namespace Watchdog.Integrations.Storage;

/// <summary>
/// Whether the SQLite journal's file is still the one Watchdog opened. A deleted file keeps working for pooled
/// connections (they write into the unlinked inode, lost at the next start), an overwritten one reads as someone
/// else's history, and a full disk fails only the next save: each must be found before it matters.
/// </summary>
internal static class JournalCheck
{
    /// <summary>Less free space than this fails a save of a long timeline; said before it happens.</summary>
    public const long MinFreeBytes = 256 * 1024;

    public const string Gone = "the journal file is gone (deleted or moved while Watchdog runs)";

    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <returns>What is wrong with the file, in words; null when a connection may go on to check identity and a write.</returns>
    public static async Task<string?> FileProblemAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return Gone;
        if (await HeaderProblemAsync(path, ct) is { } header) return header;
        return FreeBytes(path) is { } free && free < MinFreeBytes ? $"the disk holding the journal is full ({free / 1024} KiB free)" : null;
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
            return null; // a filesystem that cannot say; the write after it still has to go through
        }
    }
}
