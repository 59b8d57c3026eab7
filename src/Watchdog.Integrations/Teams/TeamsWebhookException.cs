using System.Net;

namespace Watchdog.Integrations.Teams;

/// <summary>
/// Teams refused, throttled or did not take a message. The message names the webhook's host, the HTTP
/// status and the start of Teams' answer, never the URL (which is the secret).
/// </summary>
public sealed class TeamsWebhookException : HttpRequestException
{
    public TeamsWebhookException()
    {
    }

    public TeamsWebhookException(string message)
        : base(message)
    {
    }

    public TeamsWebhookException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public TeamsWebhookException(string message, HttpStatusCode? statusCode, string? bodyExcerpt, bool throttled, HttpRequestError error = HttpRequestError.Unknown)
        : base(error, message, null, statusCode)
    {
        BodyExcerpt = bodyExcerpt;
        Throttled = throttled;
    }

    /// <summary>The start of Teams' answer, on one line, the URL masked; null when no answer came.</summary>
    public string? BodyExcerpt { get; }

    /// <summary>Teams asked to slow down: HTTP 429, or the connector's HTTP 200 whose text reports a 429.</summary>
    public bool Throttled { get; }
}
