using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Watchdog.Integrations.Tests.Http;

/// <summary>
/// Stands in front of a test peer (a notifier's, a signal source's): keeps every request as it came over the wire (so a test can look for a
/// secret anywhere in it) and plays scripted answers before the peer's own API sees the request.
/// </summary>
internal sealed class PeerFront
{
    private readonly Lock _gate = new();
    private readonly Queue<PeerReply> _script = new();
    private readonly List<Request> _received = [];
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One request as sent: method, path and query, every header, the body.</summary>
    public sealed record Request(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body);

    public IReadOnlyList<Request> Received
    {
        get { lock (_gate) return [.. _received]; }
    }

    /// <summary>Completes when the first request has been read.</summary>
    public Task FirstRequest => _arrived.Task;

    /// <summary>The answer to every request once the script is played, instead of the peer's; null lets the peer answer.</summary>
    public PeerReply? Always { get; set; }

    /// <summary>Answers the next requests with these, in turn; then the peer answers.</summary>
    public void Script(params PeerReply[] replies)
    {
        lock (_gate)
        {
            foreach (var r in replies) _script.Enqueue(r);
        }
    }

    /// <summary>
    /// Moves <paramref name="clock"/> past <paramref name="deadline"/> each time a new request reaches the peer while
    /// <paramref name="work"/> runs, so requests left hanging cost no real time. Work that sets no deadline on the
    /// clock never ends, and fails here after a few real seconds.
    /// </summary>
    public async Task PassingDeadlinesAsync(Task work, WatchedClock clock, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        var seen = 0;
        while (!work.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            var arrived = Received.Count;
            if (arrived > seen)
            {
                seen = arrived;
                clock.Advance(deadline);
            }
            else
            {
                await Task.WhenAny(work, Task.Delay(5));
            }
        }

        await work.WaitAsync(TimeSpan.Zero);
    }

    /// <summary>What <see cref="Watchdog.Testing.TestPeer.StartAsync"/> takes as its front.</summary>
    public Func<HttpContext, RequestDelegate, Task> Middleware => InvokeAsync;

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.EnableBuffering();
        using (var reader = new StreamReader(request.Body, leaveOpen: true))
        {
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
            var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
            lock (_gate) _received.Add(new Request(request.Method, request.Path + request.QueryString, headers, body));
        }

        _arrived.TrySetResult();
        PeerReply? scripted;
        lock (_gate) scripted = _script.TryDequeue(out var first) ? first : Always;
        if (scripted is null) await next(context);
        else await scripted.WriteAsync(context.Response);
    }
}
