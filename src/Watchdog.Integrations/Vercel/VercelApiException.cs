using System.Net;

namespace Watchdog.Integrations.Vercel;

/// <summary>
/// A Vercel API call that could not be answered as documented: no answer, an error status (with Vercel's
/// <c>error.code</c> and <c>error.message</c>), or a body that is not the documented JSON. The message names
/// the call and the path, never the token or the query.
/// </summary>
public sealed class VercelApiException : HttpRequestException
{
    public VercelApiException()
    {
    }

    public VercelApiException(string message)
        : base(message)
    {
    }

    public VercelApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public VercelApiException(string message, HttpStatusCode? statusCode, string? code, Exception? innerException = null)
        : base(HttpRequestError.Unknown, message, innerException, statusCode)
    {
        Code = code;
    }

    /// <summary>Vercel's <c>error.code</c> (<c>forbidden</c>, <c>not_found</c>, <c>rate_limited</c>, …); null when there was none.</summary>
    public string? Code { get; }
}
