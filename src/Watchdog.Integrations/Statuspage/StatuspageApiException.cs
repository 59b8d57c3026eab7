using System.Net;

namespace Watchdog.Integrations.Statuspage;

/// <summary>
/// Statuspage refused a request or could not be reached. The message names the page's host, the HTTP status
/// and Statuspage's own <c>message</c>, cut short; never the API key.
/// </summary>
public sealed class StatuspageApiException : HttpRequestException
{
    public StatuspageApiException()
    {
    }

    public StatuspageApiException(string message)
        : base(message)
    {
    }

    public StatuspageApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public StatuspageApiException(string message, HttpStatusCode? statusCode, string? peerMessage, HttpRequestError error = HttpRequestError.Unknown, Exception? innerException = null)
        : base(error, message, innerException, statusCode)
    {
        PeerMessage = peerMessage;
    }

    /// <summary>What Statuspage said (its <c>message</c>, or the start of a body that was not its JSON), bounded; null when no answer came.</summary>
    public string? PeerMessage { get; }

    /// <summary>Refused for the rate limit (HTTP 420 or 429).</summary>
    public bool Throttled => StatusCode is { } s && StatuspageNotifier.IsThrottle(s);
}
