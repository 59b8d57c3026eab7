namespace Watchdog.Integrations.Commands;

/// <summary>Command log events. Command lines and output are redacted before they get here; the runner logs no command text at all.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning, Message = "Command (pid {Pid}) still running after {Timeout}: killing its process tree")]
    public static partial void KillingTimedOut(ILogger logger, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Information, Message = "Command (pid {Pid}) cancelled: killing its process tree")]
    public static partial void KillingCancelled(ILogger logger, int pid);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Could not kill the process tree of command (pid {Pid})")]
    public static partial void KillFailed(ILogger logger, int pid, Exception exception);

    [LoggerMessage(EventId = 7404, Level = LogLevel.Debug, Message = "Command (pid {Pid}) exited but its output stayed open {Grace} longer (a background process holds it): stopped reading")]
    public static partial void OutputAbandoned(ILogger logger, int pid, TimeSpan grace);

    /// <summary>Level chosen by the caller: reads that succeed are Debug (they repeat while waiting for a rollback), actions Information, failures Warning.</summary>
    [LoggerMessage(EventId = 7411, Message = "{Owner} {Purpose}: `{CommandLine}` exited {ExitCode} after {DurationMs} ms")]
    public static partial void Finished(ILogger logger, LogLevel level, string owner, string purpose, string commandLine, int? exitCode, long durationMs);

    [LoggerMessage(EventId = 7412, Level = LogLevel.Warning, Message = "{Owner} {Purpose}: `{CommandLine}` timed out after {DurationMs} ms; its process tree was killed")]
    public static partial void TimedOut(ILogger logger, string owner, string purpose, string commandLine, long durationMs);

    [LoggerMessage(EventId = 7413, Level = LogLevel.Warning, Message = "{Owner} {Purpose}: `{CommandLine}` could not be started: {Reason}")]
    public static partial void NotStarted(ILogger logger, string owner, string purpose, string commandLine, string reason);

    [LoggerMessage(EventId = 7414, Level = LogLevel.Warning, Message = "{Owner}: the live deployment {Id} could not be looked up in the list ({Reason}); known by its id only")]
    public static partial void LiveNotMapped(ILogger logger, string owner, string id, string reason);
}
