namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>Railway metrics log events: our words plus Railway's masked, bounded ones; never the token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Railway metrics source {Source}: {Operation} failed: {Reason}")]
    public static partial void QueryFailed(ILogger logger, string source, string operation, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Railway metrics source {Source}: {Operation} answers again")]
    public static partial void QueryRecovered(ILogger logger, string source, string operation);
}
