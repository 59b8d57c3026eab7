using System.Net;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// The Kubernetes API could not be asked, or answered with an error. The message names the request
/// (method and path), the HTTP status and the <c>Status</c> object's reason and message, bounded and
/// with the token masked; never the token itself.
/// </summary>
public sealed class KubernetesApiException : HttpRequestException
{
    public KubernetesApiException()
    {
    }

    public KubernetesApiException(string message)
        : base(message)
    {
    }

    public KubernetesApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public KubernetesApiException(string message, HttpStatusCode? statusCode, string? reason, Exception? innerException = null)
        : base(HttpRequestError.Unknown, message, innerException, statusCode)
    {
        Reason = reason;
    }

    /// <summary>The <c>Status</c> object's machine-readable reason (<c>NotFound</c>, <c>Forbidden</c>, <c>Conflict</c>, …), when the server sent one.</summary>
    public string? Reason { get; }
}
