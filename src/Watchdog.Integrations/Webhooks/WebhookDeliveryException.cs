using System.Net;

namespace Watchdog.Integrations.Webhooks;

/// <summary>The receiver did not take the webhook. The message names the host and status, never the full URL.</summary>
public sealed class WebhookDeliveryException : HttpRequestException
{
    public WebhookDeliveryException()
    {
    }

    public WebhookDeliveryException(string message)
        : base(message)
    {
    }

    public WebhookDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public WebhookDeliveryException(string message, HttpStatusCode? statusCode, string? bodyExcerpt, HttpRequestError error = HttpRequestError.Unknown, Exception? innerException = null)
        : base(error, message, innerException, statusCode)
    {
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>The start of the receiver's answer, on one line; null when no answer came.</summary>
    public string? BodyExcerpt { get; }
}
