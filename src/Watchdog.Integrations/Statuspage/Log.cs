namespace Watchdog.Integrations.Statuspage;

/// <summary>Statuspage log events. They carry the API's host and the page's incident ids, never the API key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "Statuspage {Name} opened page incident {PageIncidentId} ({Status}) for incident {IncidentId}")]
    public static partial void Opened(ILogger logger, string name, string pageIncidentId, string status, string incidentId);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Debug, Message = "Statuspage {Name} set page incident {PageIncidentId} to {Status} for incident {IncidentId}")]
    public static partial void Updated(ILogger logger, string name, string pageIncidentId, string status, string incidentId);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Debug, Message = "Statuspage {Name} leaves the {Kind} message for incident {IncidentId} off the page: {Why}")]
    public static partial void Skipped(ILogger logger, string name, string kind, string incidentId, string why);

    [LoggerMessage(EventId = 6504, Level = LogLevel.Warning, Message = "Statuspage {Name} at {Host} refused to {Action} for incident {IncidentId}: HTTP {Status}, {PeerMessage}")]
    public static partial void Refused(ILogger logger, string name, string host, string action, string incidentId, int status, string peerMessage);

    [LoggerMessage(EventId = 6505, Level = LogLevel.Warning, Message = "Statuspage {Name} at {Host} could not be reached ({Error})")]
    public static partial void Unreachable(ILogger logger, string name, string host, string error);

    [LoggerMessage(EventId = 6506, Level = LogLevel.Information, Message = "Statuspage {Name} at {Host} throttled the request to {Action} (HTTP {Status}); trying again in {Wait}")]
    public static partial void Throttled(ILogger logger, string name, string host, string action, int status, TimeSpan wait);

    [LoggerMessage(EventId = 6507, Level = LogLevel.Warning, Message = "Statuspage {Name}: the ledger's entry for incident {IncidentId} is unreadable; a new page incident will be opened")]
    public static partial void LinkUnreadable(ILogger logger, string name, string incidentId);
}
