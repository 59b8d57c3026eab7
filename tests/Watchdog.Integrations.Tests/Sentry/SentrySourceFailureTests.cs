using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>Broken and hostile peers: every failure is an Error reading with a reason, bounded and free of the token.</summary>
public sealed class SentrySourceFailureTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly WatchedClock _clock = new();
    private readonly ListLogger<SentrySource> _log = new();
    private SentryPeer _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryPeer.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        await _sentry.DisposeAsync();
        _http.Dispose();
    }

    // These tests drive the client (errors, limits, spans) through the event-count form, whose two calls a round
    // let a failure of the first be told from the second; the failure-rate form shares the client and the gate.
    private SentrySource Source(Action<SentryOptions>? configure = null, HttpClient? http = null) =>
        new(http ?? _http, _sentry.Options(o => { o.ErrorRateKind = SentryErrorRateKind.EventCount; configure?.Invoke(o); }), _clock, _log);

    private static Reading Get(IReadOnlyList<Reading> readings, Signal signal) => readings.Single(r => r.Signal == signal);

    [Theory]
    [InlineData(400, "Invalid query. Invalid search query: unknown field 'relase'")]
    [InlineData(401, "Authentication credentials were not provided.")]
    [InlineData(403, "You do not have permission to perform this action.")]
    [InlineData(404, "The requested resource does not exist")]
    public async Task Read_SentryRefusesWithDetail_ErrorQuotesTheDetail(int status, string detail)
    {
        _sentry.Errors = _ => SentryPeer.Detail(status, detail);
        _sentry.Sessions = _ => SentryPeer.Detail(status, detail);

        var readings = await Source().ReadAsync(CancellationToken.None);

        Get(readings, Signal.ErrorRate).ShouldSatisfyAllConditions(
            r => r.State.ShouldBe(ReadingState.Error),
            r => r.Reason.ShouldBe($"events-stats (errors): HTTP {status}: {detail}"));
        Get(readings, Signal.CrashFreeRate).Reason.ShouldBe($"sessions: HTTP {status}: {detail}");
        _log.All.ShouldContain(detail);
    }

    [Fact]
    public async Task Read_WrongToken_PeerRefusesAndTheReasonSaysSo()
    {
        var readings = await Source(o => o.Token = "sntrys_not_the_right_one").ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.State == ReadingState.Error && r.Reason!.Contains("HTTP 401: Invalid token header"));
    }

    [Fact]
    public async Task Read_UnknownOrganization_IsAnErrorWithSentrysDetail()
    {
        var readings = await Source(o => o.Organization = "someone-else").ReadAsync(CancellationToken.None);

        Get(readings, Signal.ErrorRate).Reason.ShouldBe("events-stats (errors): HTTP 404: The requested resource does not exist");
    }

    [Fact]
    public async Task Read_PeerEchoesTheToken_ItIsMaskedInReasonsAndLogs()
    {
        _sentry.Errors = ctx => SentryPeer.Detail(403, $"Token {ctx.Request.Headers.Authorization.ToString()["Bearer ".Length..]} lacks the org:read scope");
        _sentry.Sessions = ctx => SentryPeer.Detail(401, $"Bad header: {ctx.Request.Headers.Authorization}");

        var readings = await Source().ReadAsync(CancellationToken.None);

        Get(readings, Signal.ErrorRate).Reason.ShouldBe("events-stats (errors): HTTP 403: Token *** lacks the org:read scope");
        Get(readings, Signal.CrashFreeRate).Reason.ShouldBe("sessions: HTTP 401: Bad header: Bearer ***");
        _log.Lines.Count.ShouldBeGreaterThan(0);
        _log.All.ShouldNotContain(SentryPeer.Token);
    }

    [Fact]
    public async Task Read_LongDetail_IsCutToOneBoundedLine()
    {
        _sentry.Errors = _ => SentryPeer.Detail(400, "first line\nsecond line " + new string('x', 5000));

        var reason = Get(await Source().ReadAsync(CancellationToken.None), Signal.ErrorRate).Reason!;

        reason.ShouldNotContain("\n");
        reason.Length.ShouldBeLessThan(300);
        reason.ShouldContain("first line second line");
        reason.ShouldEndWith("…");
    }

    [Theory]
    [InlineData(200, "<html><body>Sentry is down for maintenance</body></html>", "HTTP 200 with an answer that is not JSON")]
    [InlineData(200, "{\"data\": [[1795748100, [{\"count\": 1}]", "HTTP 200 with an answer that is not JSON")]
    [InlineData(502, "<html>Bad Gateway</html>", "HTTP 502")]
    [InlineData(500, "{\"error\": \"something\"}", "HTTP 500")]
    public async Task Read_NotSentrysJson_IsAnErrorInOurOwnWords(int status, string body, string reason)
    {
        _sentry.Errors = _ => Results.Text(body, "text/html", statusCode: status);

        var readings = await Source(o => o.CrashFree = false).ReadAsync(CancellationToken.None);

        readings.ShouldHaveSingleItem().Reason.ShouldBe("events-stats (errors): " + reason);
    }

    [Fact]
    public async Task Read_HugeBody_IsABoundedErrorWithoutReadingItAll()
    {
        const long total = 50L * 1024 * 1024;
        _sentry.Errors = _ => SentryPeer.Raw(async ctx =>
        {
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("[1795748100,[{\"count\":1}]],", 2048)));
            try
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.Body.WriteAsync("{\"data\":["u8.ToArray(), ctx.RequestAborted);
                for (long sent = 0; sent < total && !ctx.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
            catch (Exception)
            {
                // the client hung up, as it should
            }
        });
        var counting = new CountingHandler();
        using var http = new HttpClient(counting);

        var watch = Stopwatch.StartNew();
        var reading = (await Source(o => o.CrashFree = false, http).ReadAsync(CancellationToken.None)).ShouldHaveSingleItem();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        reading.State.ShouldBe(ReadingState.Error);
        reading.Reason.ShouldBe("events-stats (errors): HTTP 200 with an answer larger than 262144 bytes, not read");
        counting.BytesRead.ShouldBeLessThanOrEqualTo(256 * 1024 + 81920);
    }

    [Fact]
    public async Task Read_HungServer_IsAnErrorOnceTheClockPassesTheTimeout()
    {
        var hit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sentry.Errors = _ => SentryPeer.Raw(async ctx =>
        {
            hit.TrySetResult();
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        _sentry.Sessions = _ => SentryPeer.SessionTotals(50, 1);
        var source = Source(o => o.Timeout = TimeSpan.FromSeconds(10));

        var read = source.ReadAsync(CancellationToken.None);
        await hit.Task.WaitAsync(TimeSpan.FromSeconds(5));
        read.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var readings = await read.WaitAsync(TimeSpan.FromSeconds(5));

        Get(readings, Signal.ErrorRate).Reason.ShouldBe("events-stats (errors): timed out after 10s");
        Get(readings, Signal.CrashFreeRate).Value.ShouldBe(1, "a hung events-stats does not hold up the sessions call");
    }

    [Fact]
    public async Task Read_NothingListening_IsAnError()
    {
        var options = _sentry.Options();
        options.BaseUrl = Peers.NothingListening("/");

        var readings = await new SentrySource(_http, options, _clock, _log).ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.State == ReadingState.Error && r.Reason!.EndsWith(": connection refused"));
    }

    [Fact]
    public async Task Read_RepeatedFailure_WarnsOnceThenDebugThenSaysRecovered()
    {
        var status = 503;
        _sentry.Sessions = _ => status == 200 ? SentryPeer.SessionTotals(5, 1) : Results.StatusCode(status);
        var source = Source(o => o.ErrorRate = false);

        await source.ReadAsync(CancellationToken.None);
        await source.ReadAsync(CancellationToken.None);
        status = 200;
        await source.ReadAsync(CancellationToken.None);

        _log.Lines.Select(l => l.Level).ShouldBe([LogLevel.Warning, LogLevel.Debug, LogLevel.Information]);
        _log.Lines[0].Text.ShouldContain($"sessions at {_sentry.BaseUrl}api/0/organizations/{SentryPeer.Org}/sessions/ failed: HTTP 503");
        _log.All.ShouldNotContain("project=", Case.Sensitive); // URLs are logged without their query
    }
}
