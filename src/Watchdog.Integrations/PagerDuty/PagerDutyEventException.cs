using System.Net;

namespace Watchdog.Integrations.PagerDuty;

/// <summary>
/// PagerDuty refused, throttled or did not take an event. The message names the host, the HTTP status and
/// PagerDuty's own message and errors, never the routing key.
/// </summary>
public sealed class PagerDutyEventException : HttpRequestException
{
    public PagerDutyEventException()
    {
    }

    public PagerDutyEventException(string message)
        : base(message)
    {
    }

    public PagerDutyEventException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public PagerDutyEventException(string message, HttpStatusCode? statusCode, string? peerMessage, IReadOnlyList<string> errors, HttpRequestError error = HttpRequestError.Unknown)
        : base(error, message, null, statusCode)
    {
        PeerMessage = peerMessage;
        Errors = errors;
    }

    /// <summary>PagerDuty's <c>message</c>, or the start of a body that was not its JSON; null when no answer came.</summary>
    public string? PeerMessage { get; }

    /// <summary>PagerDuty's <c>errors</c> (400 only), each bounded and masked.</summary>
    public IReadOnlyList<string> Errors { get; } = [];

    /// <summary>HTTP 429: PagerDuty takes about 120 events a minute per routing key.</summary>
    public bool Throttled => StatusCode == HttpStatusCode.TooManyRequests;
}
