using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Health;

public sealed class HttpCheckTaskTests : IDisposable
{
    private const string Password = "TestPassword123!";
    private readonly HttpClient _http = new();
    private readonly WatchedClock _clock = new();
    private readonly ListLogger<HttpCheckTask> _log = new();

    public void Dispose() => _http.Dispose();

    /// <summary>The seed's login check: a JSON POST that answers with a token when the credentials are right; 45 ms on the test clock.</summary>
    private Task<TestPeer> LoginService(int status = 200, string answer = """{"access_token":"eyJ.abc"}""") =>
        TestPeer.StartAsync(app => app.MapPost("/api/auth/login", async (HttpContext ctx) =>
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
            var right = doc.RootElement.GetProperty("password").GetString() == Password
                && ctx.Request.Headers["X-Client"] == "watchdog"
                && ctx.Request.ContentType!.StartsWith("application/json", StringComparison.Ordinal);
            _clock.Advance(TimeSpan.FromMilliseconds(45));
            return right ? Results.Text(answer, "application/json", Encoding.UTF8, status) : Results.StatusCode(400);
        }));

    private HttpCheckTask Login(TestPeer peer, Action<HttpCheckOptions>? configure = null)
    {
        var options = new HttpCheckOptions
        {
            Name = "smoke: login",
            Method = "post",
            Url = new Uri(peer.Url("api/auth/login"), "?api_key=k3y-in-query"),
            Body = $$"""{"email":"test@realco.com","password":"{{Password}}"}""",
            Headers = { ["X-Client"] = "watchdog" },
            ExpectBodyContains = "access_token",
        };
        configure?.Invoke(options);
        return new HttpCheckTask(_http, options, _clock, _log);
    }

    [Fact]
    public async Task Run_ExpectedStatusAndText_SucceedsSayingWhatWasMeasured()
    {
        await using var peer = await LoginService();

        var outcome = await Login(peer).RunAsync(CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldBe("POST /api/auth/login → 200 in 45 ms");
    }

    [Fact]
    public async Task Run_StatusMismatch_FailsNamingSeenAndExpected()
    {
        await using var peer = await LoginService(status: 401);

        var outcome = await Login(peer).RunAsync(CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldBe("POST /api/auth/login → 401 in 45 ms, expected 200");
    }

    [Fact]
    public async Task Run_BodyLacksExpectedText_Fails()
    {
        await using var peer = await LoginService(answer: """{"error":"locked"}""");

        var outcome = await Login(peer).RunAsync(CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldBe("POST /api/auth/login → 200 in 45 ms, but the body does not contain \"access_token\"");
    }

    [Fact]
    public async Task Run_ServerHangs_FailsWithTimeoutOnTheClock()
    {
        var hit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/api/orders", async (HttpContext ctx) =>
        {
            hit.TrySetResult();
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        }));
        var task = new HttpCheckTask(_http, new HttpCheckOptions { Name = "smoke: orders", Url = peer.Url("api/orders") }, _clock, _log);

        var run = task.RunAsync(CancellationToken.None);
        await hit.Task.WaitAsync(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(5));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldBe("GET /api/orders: no answer, timed out after 10s");
    }

    [Fact]
    public async Task Run_NothingListening_FailsSayingConnectionRefused()
    {
        var task = new HttpCheckTask(_http, new HttpCheckOptions { Name = "x", Url = Peers.NothingListening("/api/ping") }, _clock, _log);

        var outcome = await task.RunAsync(CancellationToken.None);

        outcome.Detail.ShouldBe("GET /api/ping: no answer, connection refused");
    }

    [Fact]
    public async Task Run_ExpectedTextPastTheReadCap_IsNotFoundAndSaysHowMuchWasRead()
    {
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/big", () =>
            Results.Text(new string('x', 200 * 1024) + "needle", "text/plain")));
        var task = new HttpCheckTask(_http, new HttpCheckOptions { Name = "big", Url = peer.Url("big"), ExpectBodyContains = "needle" }, _clock, _log);

        var outcome = await task.RunAsync(CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldEndWith("but the first 64 KiB of the body does not contain \"needle\"");
    }

    [Fact]
    public async Task Run_Secrets_StayOutOfDetailAndLog()
    {
        await using var peer = await LoginService(status: 500);

        var outcome = await Login(peer, o => o.Headers["Authorization"] = "Bearer t0ken-value").RunAsync(CancellationToken.None);

        var everything = outcome.Detail + "\n" + _log.All;
        _log.Lines.ShouldNotBeEmpty();
        everything.ShouldNotContain(Password);
        everything.ShouldNotContain("k3y-in-query");
        everything.ShouldNotContain("t0ken-value");
    }
}
