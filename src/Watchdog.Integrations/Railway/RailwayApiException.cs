using System.Net;

namespace Watchdog.Integrations.Railway;

/// <summary>
/// A Railway GraphQL call that could not be answered: unreachable, timed out, rate limited, refused with
/// GraphQL <c>errors</c>, or answered with something that is not the API's JSON. The message names the
/// operation and Railway's own words, bounded, on one line, with the token masked.
/// </summary>
public sealed class RailwayApiException : Exception
{
    public RailwayApiException()
    {
    }

    public RailwayApiException(string message)
        : base(message)
    {
    }

    public RailwayApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RailwayApiException(string message, HttpStatusCode? statusCode, IReadOnlyList<string>? errors = null, bool notAuthorized = false, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Errors = errors ?? [];
        NotAuthorized = notAuthorized;
    }

    /// <summary>The HTTP status of the answer; null when none came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>message</c> of each GraphQL error, bounded and masked; empty when there were none.</summary>
    public IReadOnlyList<string> Errors { get; } = [];

    /// <summary>Railway refused the token ("Not Authorized", "Project Token not found").</summary>
    public bool NotAuthorized { get; }
}
