namespace Watchdog.Integrations.PagerDuty;

/// <summary>PagerDuty log events. They never carry the routing key; the dedup key is no secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6401, Level = LogLevel.Debug, Message = "PagerDuty {Name} at {Host} took the {Action} event {DedupKey} ({Kind}): HTTP {Status}")]
    public static partial void Sent(ILogger logger, string name, string host, string action, string dedupKey, string kind, int status);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Warning, Message = "PagerDuty {Name} at {Host} refused the {Action} event {DedupKey} ({Kind}): HTTP {Status}, {PeerMessage}")]
    public static partial void Refused(ILogger logger, string name, string host, string action, string dedupKey, string kind, int status, string peerMessage);

    [LoggerMessage(EventId = 6403, Level = LogLevel.Warning, Message = "PagerDuty {Name} at {Host} could not be reached ({Failure})")]
    public static partial void Unreachable(ILogger logger, string name, string host, string failure);

    [LoggerMessage(EventId = 6404, Level = LogLevel.Information, Message = "PagerDuty event {DedupKey} cut to {MaxBytes} bytes: {LinesLeftOut} lines left out")]
    public static partial void Cut(ILogger logger, string dedupKey, int maxBytes, int linesLeftOut);
}
