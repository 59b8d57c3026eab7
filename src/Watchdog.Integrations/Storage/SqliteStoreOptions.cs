namespace Watchdog.Integrations.Storage;

/// <summary>Where and how the SQLite incident journal is kept.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The journal's file name inside <see cref="DataDirectory"/>.</summary>
    public const string FileName = "watchdog.db";

    /// <summary>
    /// The directory holding <see cref="FileName"/> (and SQLite's <c>-wal</c>/<c>-shm</c> files beside it); created when
    /// missing. Default: <c>data</c>; the host resolves a relative path against its content root. In a container, mount a volume here: a journal
    /// that does not survive the container forgets every rollback it made.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// How long one operation waits for a lock held by another connection (another process on the same file, such as
    /// the <c>incidents</c> CLI verb) before failing. Default: 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The absolute path of the journal file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
