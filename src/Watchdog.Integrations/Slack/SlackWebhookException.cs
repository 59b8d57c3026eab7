using System.Net;

namespace Watchdog.Integrations.Slack;

/// <summary>
/// Slack refused or did not take a message. The message names the webhook's host, the HTTP status and
/// Slack's error string, never the URL (which is the secret).
/// </summary>
public sealed class SlackWebhookException : HttpRequestException
{
    public SlackWebhookException()
    {
    }

    public SlackWebhookException(string message)
        : base(message)
    {
    }

    public SlackWebhookException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SlackWebhookException(string message, HttpStatusCode? statusCode, string? slackError, HttpRequestError error = HttpRequestError.Unknown, Exception? innerException = null)
        : base(error, message, innerException, statusCode)
    {
        SlackError = slackError;
    }

    /// <summary>Slack's plain-text answer (<c>channel_is_archived</c>, …), cut short; null when no answer came.</summary>
    public string? SlackError { get; }
}
