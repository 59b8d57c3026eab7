namespace Watchdog.Integrations.Webhooks;

/// <summary>Webhook log events. They carry the URL's host only (a path or query may hold a token) and never the secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug, Message = "Webhook {Name} at {Host} took {Event} for incident {IncidentId}: HTTP {Status}")]
    public static partial void Delivered(ILogger logger, string name, string host, string @event, string incidentId, int status);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Webhook {Name} at {Host} refused {Event} for incident {IncidentId}: HTTP {Status}, {Excerpt}")]
    public static partial void Refused(ILogger logger, string name, string host, string @event, string incidentId, int status, string excerpt);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Webhook {Name} at {Host} could not be reached ({Error})")]
    public static partial void Unreachable(ILogger logger, string name, string host, string error);
}
