namespace Watchdog.Integrations.Storage;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Incident journal {Path} open at schema version {Version}")]
    public static partial void JournalOpened(this ILogger logger, string path, int version);

    [LoggerMessage(2, LogLevel.Information, "Incident journal {Path} migrated from schema version {From} to {To}")]
    public static partial void JournalMigrated(this ILogger logger, string path, int from, int to);

    [LoggerMessage(3, LogLevel.Warning, "Incident journal {Path} runs in journal mode {Mode}, not WAL (the file system may not support it); writes are still durable but readers wait for writers")]
    public static partial void JournalNotWal(this ILogger logger, string path, string mode);
}
