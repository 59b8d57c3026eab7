namespace Watchdog.Integrations.Slack;

/// <summary>Slack log events. They carry the webhook's host only: the rest of the URL is the secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Slack webhook at {Host} took the {Kind} message for incident {IncidentId}")]
    public static partial void Sent(ILogger logger, string host, string kind, string incidentId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Slack webhook at {Host} refused the {Kind} message for incident {IncidentId}: HTTP {Status}, {SlackError}")]
    public static partial void Refused(ILogger logger, string host, string kind, string incidentId, int status, string slackError);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Slack webhook at {Host} could not be reached ({Error})")]
    public static partial void Unreachable(ILogger logger, string host, string error);
}
