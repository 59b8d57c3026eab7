using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Http;

public sealed class ResilienceHandlerTests : IDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private readonly WatchedClock _clock = new();
    private readonly ListLogger<ResilienceHandler> _log = new();
    private readonly List<string> _bodies = [];
    private HttpClient? _http;
    private int _hits;

    public void Dispose() => _http?.Dispose();

    private HttpClient Client(Action<ResilienceOptions>? configure = null)
    {
        var options = new ResilienceOptions { AttemptTimeout = AttemptTimeout };
        configure?.Invoke(options);
        _http = new HttpClient(new ResilienceHandler(options, _clock, _log) { InnerHandler = new SocketsHttpHandler() });
        return _http;
    }

    /// <summary>A peer whose n-th answer (1-based) is chosen by <paramref name="answer"/>; it records request bodies.</summary>
    private Task<TestPeer> Peer(Func<int, HttpContext, Task> answer) =>
        TestPeer.StartAsync(app => app.Map("/api", async (HttpContext ctx) =>
        {
            var n = Interlocked.Increment(ref _hits);
            using (var reader = new StreamReader(ctx.Request.Body))
            {
                var body = await reader.ReadToEndAsync();
                lock (_bodies) _bodies.Add(body);
            }

            await answer(n, ctx);
        }));

    private static Task Status(HttpContext ctx, int status, string? retryAfter = null)
    {
        ctx.Response.StatusCode = status;
        if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
        return ctx.Response.WriteAsync($$"""{"status":{{status}}}""");
    }

    /// <summary>Advance past retry delays as they are asked for; attempt deadlines are left alone.</summary>
    private Task<HttpResponseMessage> Drive(Task<HttpResponseMessage> send) => _clock.DriveAsync(send, due => due != AttemptTimeout);

    private IReadOnlyList<TimeSpan> RetryDelays => [.. _clock.Requested.Where(d => d != AttemptTimeout)];

    [Fact]
    public async Task Send_503TwiceThen200_SucceedsOnTheThirdHit()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, n <= 2 ? 503 : 200));

        using var response = await Drive(Client().GetAsync(peer.Url("api")));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _hits.ShouldBe(3);
        RetryDelays.Count.ShouldBe(2);
        RetryDelays.ShouldAllBe(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_429WithRetryAfterSeconds_WaitsWhatTheServerAsked()
    {
        await using var peer = await Peer((n, ctx) => n == 1 ? Status(ctx, 429, "1") : Status(ctx, 200));
        var before = _clock.GetUtcNow();

        using var response = await Drive(Client().GetAsync(peer.Url("api")));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _hits.ShouldBe(2);
        RetryDelays.ShouldBe([TimeSpan.FromSeconds(1)]);
        (_clock.GetUtcNow() - before).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Send_503WithRetryAfterDate_WaitsUntilThatDate()
    {
        var at = _clock.GetUtcNow().AddSeconds(3).ToString("r", CultureInfo.InvariantCulture);
        await using var peer = await Peer((n, ctx) => n == 1 ? Status(ctx, 503, at) : Status(ctx, 200));

        using var response = await Drive(Client().GetAsync(peer.Url("api")));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        RetryDelays.ShouldBe([TimeSpan.FromSeconds(3)]);
    }

    [Fact]
    public async Task Send_RetryAfterBeyondTheCap_Returns429WithoutRetrying()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, 429, "120"));

        using var response = await Drive(Client(o => o.MaxRetryAfter = TimeSpan.FromSeconds(30)).GetAsync(peer.Url("api")));

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(120));
        _hits.ShouldBe(1);
        RetryDelays.ShouldBeEmpty();
        _log.All.ShouldContain("asks to wait 00:02:00");
    }

    [Fact]
    public async Task Send_RepeatedFailures_OpenTheCircuitAndStopCallingTheServer()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, 500));
        var http = Client(o => o.MaxRetries = 0); // Polly rejects 0 retries: the handler must leave the strategy out

        for (var i = 0; i < 5; i++)
        {
            using var failed = await http.GetAsync(peer.Url("api"));
            failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }

        var refused = await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(peer.Url("api")));
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(peer.Url("api")));
        _hits.ShouldBe(5);
        refused.Message.ShouldContain("circuit is open");
        _log.All.ShouldContain("Circuit opened");

        // After the break the circuit lets one call through again.
        _clock.Advance(TimeSpan.FromSeconds(30));
        using var probe = await http.GetAsync(peer.Url("api"));
        _hits.ShouldBe(6);
    }

    [Fact]
    public async Task Send_PostAnswered500_IsNotRetried()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, n == 1 ? 500 : 200));

        using var response = await Drive(Client().PostAsync(peer.Url("api"), new StringContent("""{"deploymentId":"d-1"}""")));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        _hits.ShouldBe(1);
    }

    [Fact]
    public async Task Send_PostMarkedRetryable_IsRetriedOn500()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, n == 1 ? 500 : 200));
        using var request = new HttpRequestMessage(HttpMethod.Post, peer.Url("api")) { Content = new StringContent("""{"query":"{ me { id } }"}""") };
        request.Options.Set(ResilienceHandler.Retryable, true);

        using var response = await Drive(Client().SendAsync(request));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _hits.ShouldBe(2);
    }

    [Fact]
    public async Task Send_PostAnswered429WithRetryAfter_IsRetriedWithTheSameBody()
    {
        await using var peer = await Peer((n, ctx) => n == 1 ? Status(ctx, 429, "2") : Status(ctx, 200));
        const string body = """{"query":"mutation { deploymentRollback(id: \"d-1\") }"}""";

        using var response = await Drive(Client().PostAsync(peer.Url("api"), new StringContent(body)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _bodies.ShouldBe([body, body]);
        RetryDelays.ShouldBe([TimeSpan.FromSeconds(2)]);
    }

    [Fact]
    public async Task Send_StreamedPutBody_IsResentOnRetry()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, n == 1 ? 502 : 200));
        // Forward-only, like a request body piped from elsewhere: StreamContent cannot rewind it by itself.
        var content = new StreamContent(new ForwardOnlyStream("""{"value":"false"}"""u8.ToArray()));

        using var response = await Drive(Client().PutAsync(peer.Url("api"), content));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _bodies.ShouldBe(["""{"value":"false"}""", """{"value":"false"}"""]);
    }

    [Fact]
    public async Task Send_HungAttempt_TimesOutOnTheClockAndIsRetried()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await Peer(async (n, ctx) =>
        {
            if (n == 1)
            {
                first.TrySetResult();
                try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            }

            await Status(ctx, 200);
        });

        var send = Client().GetAsync(peer.Url("api"));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(5));
        _clock.Advance(AttemptTimeout);
        using var response = await Drive(send);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _hits.ShouldBe(2);
        _log.All.ShouldContain("attempt timed out");
    }

    [Fact]
    public async Task Send_EveryAttemptTimesOut_SurfacesAsTimeout()
    {
        await using var peer = await Peer(async (n, ctx) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        });

        var send = Client(o => o.MaxRetries = 0).GetAsync(peer.Url("api"));
        await _clock.NextTimerAsync(d => d == AttemptTimeout, 1, send);
        while (_hits == 0) await Task.Delay(2);
        _clock.Advance(AttemptTimeout);

        // Shouldly turns a canceled task into a fresh exception, so look at the real one.
        Exception? thrown = null;
        try { await send; }
        catch (Exception e) { thrown = e; }
        thrown.ShouldBeOfType<TaskCanceledException>().InnerException.ShouldBeOfType<TimeoutException>();
    }

    [Fact]
    public async Task Send_NothingListening_RetriesThenThrowsHttpRequestException()
    {
        var url = Peers.NothingListening("/api");

        await Should.ThrowAsync<HttpRequestException>(() => Drive(Client().GetAsync(url)));

        RetryDelays.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Send_UrlWithToken_LogsNeitherQueryNorUserInfo()
    {
        await using var peer = await Peer((n, ctx) => Status(ctx, n == 1 ? 503 : 200));
        var url = new UriBuilder(peer.Url("api")) { UserName = "admin", Password = "pa55word", Query = "token=s3cr3t" }.Uri;
        var http = Client();

        using var response = await Drive(http.GetAsync(url));

        _log.All.ShouldContain("Retrying GET http://127.0.0.1:");
        _log.All.ShouldNotContain("s3cr3t");
        _log.All.ShouldNotContain("pa55word");
    }

    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
