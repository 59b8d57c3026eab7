using System.Text;
using Microsoft.AspNetCore.Http;

namespace Watchdog.Integrations.Tests.Http;

/// <summary>How a notifier test peer answers one request: a status and a body, or a misbehaviour real peers show.</summary>
internal sealed record PeerReply(int Status, string Body = "", string ContentType = "text/plain", PeerReply.Behaviour How = PeerReply.Behaviour.Answer)
{
    public enum Behaviour
    {
        Answer,

        /// <summary>Never answers: no status line, until the client gives up.</summary>
        Hang,

        /// <summary>Sends the status and headers, then stalls in the middle of the body.</summary>
        HangInBody,

        /// <summary>Sends the status, then body bytes for as long as the client reads.</summary>
        EndlessBody,
    }

    /// <summary>Sent as the <c>Retry-After</c> header of an answer.</summary>
    public string? RetryAfter { get; init; }

    public static PeerReply Json(int status, string json) => new(status, json, "application/json");

    public static PeerReply Hang() => new(0, How: Behaviour.Hang);

    public static PeerReply HangInBody(int status) => new(status, How: Behaviour.HangInBody);

    public static PeerReply EndlessBody(int status) => new(status, How: Behaviour.EndlessBody);

    public async Task WriteAsync(HttpResponse response)
    {
        var aborted = response.HttpContext.RequestAborted;
        try
        {
            switch (How)
            {
                case Behaviour.Hang:
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                case Behaviour.HangInBody:
                    response.StatusCode = Status;
                    response.ContentType = ContentType;
                    await response.WriteAsync("partial answer, then nothing", aborted);
                    await response.Body.FlushAsync(aborted);
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                case Behaviour.EndlessBody:
                    response.StatusCode = Status;
                    response.ContentType = ContentType;
                    var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
                    while (!aborted.IsCancellationRequested) await response.Body.WriteAsync(chunk, aborted);
                    break;
                default:
                    response.StatusCode = Status;
                    if (RetryAfter is not null) response.Headers.RetryAfter = RetryAfter;
                    response.ContentType = ContentType;
                    await response.WriteAsync(Body, aborted);
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away, which is what these behaviours wait for.
        }
    }
}
