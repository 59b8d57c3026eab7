namespace Watchdog.Integrations.Teams;

/// <summary>Teams log events. They carry the webhook's host only: the rest of the URL is the secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Debug, Message = "Teams webhook {Name} at {Host} took the {Kind} message for incident {IncidentId}: HTTP {Status}")]
    public static partial void Sent(ILogger logger, string name, string host, string kind, string incidentId, int status);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Teams webhook {Name} at {Host} refused the {Kind} message for incident {IncidentId}: HTTP {Status}, {Excerpt}")]
    public static partial void Refused(ILogger logger, string name, string host, string kind, string incidentId, int status, string excerpt);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Teams webhook {Name} at {Host} throttled the {Kind} message for incident {IncidentId}: HTTP {Status}, {Excerpt}")]
    public static partial void Throttled(ILogger logger, string name, string host, string kind, string incidentId, int status, string excerpt);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Warning, Message = "Teams webhook {Name} at {Host} could not be reached ({Failure})")]
    public static partial void Unreachable(ILogger logger, string name, string host, string failure);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Information, Message = "Teams card for incident {IncidentId} cut to {MaxBytes} bytes: {LinesLeftOut} lines and {FactsLeftOut} facts left out")]
    public static partial void Cut(ILogger logger, string incidentId, int maxBytes, int linesLeftOut, int factsLeftOut);
}
