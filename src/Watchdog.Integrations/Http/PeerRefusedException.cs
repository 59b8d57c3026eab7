using System.Net;

namespace Watchdog.Integrations.Http;

/// <summary>
/// A peer (Railway, Vercel, Kubernetes, Slack, Teams, PagerDuty, Statuspage, a webhook receiver) refused a request,
/// answered with something that is not its API, or could not be asked. One type for every peer, so callers and
/// tests catch one thing. The message names the peer's host, the call and the status, with the peer's own words
/// bounded and on one line; never a token, key or secret URL (each client masks them before it throws).
/// </summary>
public sealed class PeerRefusedException : HttpRequestException
{
    public PeerRefusedException(string peer, string message)
        : this(peer, message, null)
    {
    }

    public PeerRefusedException(
        string peer,
        string message,
        HttpStatusCode? statusCode,
        string? reason = null,
        Exception? innerException = null,
        IReadOnlyList<string>? errors = null,
        bool throttled = false,
        HttpRequestError error = HttpRequestError.Unknown)
        : base(error, message, innerException, statusCode)
    {
        Peer = peer;
        Reason = reason;
        Errors = errors ?? [];
        Throttled = throttled || statusCode == HttpStatusCode.TooManyRequests;
    }

    /// <summary>Which kind of peer refused (<c>Railway</c>, <c>Slack</c>, …).</summary>
    public string Peer { get; }

    /// <summary>
    /// The peer's own short answer, bounded and masked: Vercel's <c>error.code</c>, the Kubernetes <c>Status</c> reason,
    /// Slack's error string, PagerDuty's or Statuspage's <c>message</c>, the start of a body. Null when no answer came.
    /// </summary>
    public string? Reason { get; }

    /// <summary>Itemised errors where the peer lists them (GraphQL <c>errors</c>, PagerDuty's <c>errors</c>), each bounded and masked.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The peer asked to slow down (HTTP 429, Statuspage's 420, a Teams connector reporting 429 in a 200).</summary>
    public bool Throttled { get; }

    /// <summary>Asking again later may work: throttled, a server error, or no answer at all. A 4xx refusal will not change by itself.</summary>
    public bool Retryable => Throttled || StatusCode is null || (int)StatusCode >= 500;
}
