namespace Watchdog.Integrations.Http;

/// <summary>URLs reach these methods through <see cref="SafeUrl"/> only: no query strings, no user info.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Retrying {Method} {Url} after {Outcome} in {Delay} (retry {Retry})")]
    public static partial void Retrying(ILogger logger, string method, string url, string outcome, TimeSpan delay, int retry);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Not retrying {Method} {Url}: HTTP {Status} asks to wait {Wait}, more than the {Cap} allowed")]
    public static partial void RetryAfterTooLong(ILogger logger, string method, string url, int status, TimeSpan wait, TimeSpan cap);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Circuit opened for {Url} after {Outcome}; calls are refused for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string url, string outcome, TimeSpan breakDuration);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Circuit closed again for {Url}")]
    public static partial void CircuitClosed(ILogger logger, string url);
}
