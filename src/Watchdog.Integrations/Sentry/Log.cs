namespace Watchdog.Integrations.Sentry;

/// <summary>URLs reach these methods through <c>SafeUrl</c> only; reasons are our words plus a masked, bounded <c>detail</c>.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Sentry source {Source}: {Endpoint} at {Url} failed: {Reason}")]
    public static partial void CallFailed(ILogger logger, string source, string endpoint, string url, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Sentry source {Source}: {Endpoint} at {Url} still failing: {Reason}")]
    public static partial void CallStillFailing(ILogger logger, string source, string endpoint, string url, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Sentry source {Source}: {Endpoint} at {Url} answers again")]
    public static partial void CallRecovered(ILogger logger, string source, string endpoint, string url);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Sentry source {Source}: not calling {Endpoint} until {Until:O} ({Reason})")]
    public static partial void RateLimited(ILogger logger, string source, string endpoint, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Sentry source {Source}: {Endpoint} asked for a pause of {Asked}; pausing {Granted}, the MaxBackoff")]
    public static partial void WaitCapped(ILogger logger, string source, string endpoint, TimeSpan asked, TimeSpan granted);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "Sentry source {Source}: skipped {Endpoint}, rate limited until {Until:O}")]
    public static partial void CallSkipped(ILogger logger, string source, string endpoint, DateTimeOffset until);
}
