using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Health;

public sealed class HealthProbeSourceTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly WatchedClock _clock = new();
    private readonly ListLogger<HealthProbeSource> _log = new();

    public void Dispose() => _http.Dispose();

    private HealthProbeSource Source(Uri url, Action<HealthOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new HealthOptions { Url = url };
        configure?.Invoke(options);
        return new HealthProbeSource(_http, options, time ?? _clock, _log);
    }

    private static Reading Get(IReadOnlyList<Reading> readings, Signal signal) => readings.Single(r => r.Signal == signal);

    private static Task<TestPeer> Answering(int status, string body, string contentType = "application/json") =>
        TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Text(body, contentType, Encoding.UTF8, status)));

    [Fact]
    public async Task Read_Server200_IsHealthyAndUp()
    {
        await using var peer = await Answering(200, """{"status":"ok","checks":{"db":"ok"}}""");

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        readings.Count.ShouldBe(4);
        Get(readings, Signal.Availability).ShouldSatisfyAllConditions(r => r.Value.ShouldBe(1), r => r.Samples.ShouldBe(1));
        Get(readings, Signal.ErrorRate).Value.ShouldBe(0);
        Get(readings, Signal.Up).Value.ShouldBe(1);
        Get(readings, Signal.LatencyP95).HasValue.ShouldBeTrue();
        readings.ShouldAllBe(r => r.Window == new HealthOptions().Window); // messages say over what span it measured
    }

    [Fact]
    public async Task Read_ServerReturns500_CountsAsUnhealthyButUp()
    {
        await using var peer = await Answering(500, """{"status":"ok"}""");

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).Value.ShouldBe(0);
        Get(readings, Signal.ErrorRate).Value.ShouldBe(1);
        Get(readings, Signal.Up).Value.ShouldBe(1); // it answered
        _log.All.ShouldContain("HTTP 500");
    }

    [Fact]
    public async Task Read_BodyStatusDegraded_CountsAsUnhealthy()
    {
        await using var peer = await Answering(200, """{"checks":{"status":"ok"},"status":"degraded"}""");

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).Value.ShouldBe(0);
        Get(readings, Signal.ErrorRate).Value.ShouldBe(1);
        _log.All.ShouldContain("status \"degraded\"");
    }

    [Theory]
    [InlineData("""{"status":"UP"}""")]
    [InlineData("""{"status":"Healthy","entries":{}}""")]
    [InlineData("""{"status":"pass"}""")]
    [InlineData("""{"uptime":12,"db":{"status":"down"}}""")] // a nested status is not the service's
    public async Task Read_BodyStatusHealthyOrAbsent_IsHealthy(string body)
    {
        await using var peer = await Answering(200, body);

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).Value.ShouldBe(1);
    }

    [Fact]
    public async Task Read_CustomStatusFieldAndHealthySet_AreUsed()
    {
        await using var peer = await Answering(200, """{"status":"ok","state":"green"}""");
        var source = Source(peer.Url("health"), o => { o.StatusField = "state"; o.HealthyStatuses = ["GREEN"]; });

        var readings = await source.ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).Value.ShouldBe(1);
    }

    [Theory]
    [InlineData("OK", "text/plain")]
    [InlineData("<html><body>status: broken-looking text</body></html>", "text/html")]
    [InlineData("{not json at all", "application/json")]
    public async Task Read_NonJson200Body_IsHealthy(string body, string contentType)
    {
        await using var peer = await Answering(200, body, contentType);

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).Value.ShouldBe(1);
    }

    [Fact]
    public async Task Read_HungServer_IsUnreachableWhenTheClockPassesTheTimeout()
    {
        var hit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", async (HttpContext ctx) =>
        {
            hit.TrySetResult();
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        }));
        var source = Source(peer.Url("health"), o => o.Timeout = TimeSpan.FromSeconds(5));

        var read = source.ReadAsync(CancellationToken.None);
        await hit.Task.WaitAsync(TimeSpan.FromSeconds(5));
        read.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(5));
        var readings = await read.WaitAsync(TimeSpan.FromSeconds(5));

        Get(readings, Signal.Up).Value.ShouldBe(0);
        Get(readings, Signal.Availability).Value.ShouldBe(0);
        Get(readings, Signal.ErrorRate).State.ShouldBe(ReadingState.NoData); // nothing answered: no rate to speak of
        _log.All.ShouldContain("timed out after 5s");
    }

    [Fact]
    public async Task Read_HungServerWithRealClock_GivesUpAfterShortTimeout()
    {
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", async (HttpContext ctx) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        }));
        var source = Source(peer.Url("health"), o => o.Timeout = TimeSpan.FromMilliseconds(200), TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var readings = await source.ReadAsync(CancellationToken.None);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        Get(readings, Signal.Up).Value.ShouldBe(0);
    }

    [Fact]
    public async Task Read_NothingListening_IsUnreachable()
    {
        var readings = await Source(Peers.NothingListening("/health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Up).Value.ShouldBe(0);
        Get(readings, Signal.Availability).Value.ShouldBe(0);
        _log.All.ShouldContain("connection refused");
    }

    [Fact]
    public async Task Read_ServerDropsTheConnection_IsUnreachable()
    {
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", (HttpContext ctx) => { ctx.Abort(); return Task.CompletedTask; }));

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Up).Value.ShouldBe(0);
    }

    [Theory]
    [InlineData("degraded", 0)]
    [InlineData("ok", 1)]
    public async Task Read_HugeStreamedBody_JudgedFromItsStartWithoutReadingItAll(string status, double availability)
    {
        const long total = 50L * 1024 * 1024;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", async (HttpContext ctx) =>
        {
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            try
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"status\":\"" + status + "\",\"padding\":\""), ctx.RequestAborted);
                for (long sent = 0; sent < total && !ctx.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
                await ctx.Response.Body.WriteAsync("\"}"u8.ToArray(), ctx.RequestAborted);
            }
            catch (Exception)
            {
                // the client hung up, as it should
            }
            finally
            {
                finished.TrySetResult();
            }
        }));
        var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        var source = new HealthProbeSource(http, new HealthOptions { Url = peer.Url("health") }, _clock, _log);

        var watch = Stopwatch.StartNew();
        var readings = await source.ReadAsync(CancellationToken.None);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));

        Get(readings, Signal.Availability).Value.ShouldBe(availability);
        counting.BytesRead.ShouldBeLessThanOrEqualTo(64 * 1024 + 81920, "the probe reads up to its cap and drops the rest unread");
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Read_SeveralProbes_ReportsWindowAvailabilityErrorRateAndP95()
    {
        // Each answer: status and how long the server "takes" on the test clock.
        var script = new Queue<(int Status, int Ms)>([(200, 100), (500, 200), (200, 300), (200, 400), (200, 1000), (200, 50)]);
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", () =>
        {
            var (status, ms) = script.Dequeue();
            _clock.Advance(TimeSpan.FromMilliseconds(ms));
            return Results.Text("""{"status":"ok"}""", "application/json", Encoding.UTF8, status);
        }));
        var source = Source(peer.Url("health"), o => o.Window = TimeSpan.FromMinutes(5));

        IReadOnlyList<Reading> readings = [];
        for (var i = 0; i < 5; i++)
        {
            if (i > 0) _clock.Advance(TimeSpan.FromSeconds(10));
            readings = await source.ReadAsync(CancellationToken.None);
        }

        Get(readings, Signal.Availability).ShouldSatisfyAllConditions(r => r.Value.ShouldBe(0.8), r => r.Samples.ShouldBe(5));
        Get(readings, Signal.ErrorRate).ShouldSatisfyAllConditions(r => r.Value.ShouldBe(0.2), r => r.Samples.ShouldBe(5));
        Get(readings, Signal.LatencyP95).Value.ShouldBe(1.0, 1e-9); // nearest rank of 5: the slowest
        Get(readings, Signal.Up).Value.ShouldBe(1);

        // Five minutes on, the old probes have left the window: only the new one counts.
        _clock.Advance(TimeSpan.FromMinutes(5));
        readings = await source.ReadAsync(CancellationToken.None);
        Get(readings, Signal.Availability).ShouldSatisfyAllConditions(r => r.Value.ShouldBe(1), r => r.Samples.ShouldBe(1));
        Get(readings, Signal.LatencyP95).Value.ShouldBe(0.05, 1e-9);
    }

    [Fact]
    public async Task Reset_ForgetsEarlierProbes()
    {
        var status = 500;
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.StatusCode(status)));
        var source = Source(peer.Url("health"));
        for (var i = 0; i < 3; i++)
        {
            await source.ReadAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        source.Reset();
        status = 200;
        var readings = await source.ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).ShouldSatisfyAllConditions(r => r.Value.ShouldBe(1), r => r.Samples.ShouldBe(1));
        Get(readings, Signal.ErrorRate).Value.ShouldBe(0);
    }

    [Fact]
    public async Task Reset_WhileAProbeIsInFlight_LeavesThatProbeOut()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", async () =>
        {
            arrived.TrySetResult();
            await release.Task;
            return Results.StatusCode(500); // the old deployment's answer
        }));
        var source = Source(peer.Url("health"));

        var read = source.ReadAsync(CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        source.Reset(); // the rollback finished meanwhile
        release.SetResult();
        var readings = await read.WaitAsync(TimeSpan.FromSeconds(5));

        Get(readings, Signal.Availability).State.ShouldBe(ReadingState.NoData);
    }

    [Fact]
    public async Task Read_RepeatedFailures_WarnOnceThenDebugThenSayRecovered()
    {
        var status = 503;
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.StatusCode(status)));
        var source = Source(peer.Url("health"));

        await source.ReadAsync(CancellationToken.None);
        await source.ReadAsync(CancellationToken.None);
        status = 200;
        await source.ReadAsync(CancellationToken.None);

        _log.Lines.Select(l => l.Level).ShouldBe([LogLevel.Warning, LogLevel.Debug, LogLevel.Information]);
    }

    [Fact]
    public async Task Read_TokenInQueryString_NeverReachesTheLog()
    {
        await using var peer = await Answering(500, "{}");
        var withToken = new Uri(peer.Url("health"), "?token=s3cr3t-health-token");
        var refused = new Uri(Peers.NothingListening("/health"), "?token=s3cr3t-health-token");

        await Source(withToken, o => o.Headers["Authorization"] = "Bearer s3cr3t-header").ReadAsync(CancellationToken.None);
        await Source(refused).ReadAsync(CancellationToken.None);

        _log.Lines.Count.ShouldBe(2);
        _log.All.ShouldContain($"{peer.BaseAddress}health");
        _log.All.ShouldNotContain("s3cr3t");
    }

    [Fact]
    public async Task Read_CallerCancels_Throws()
    {
        await using var peer = await Answering(200, "ok");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => Source(peer.Url("health")).ReadAsync(cts.Token));
    }
}
