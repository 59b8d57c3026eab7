using Watchdog.Core.Signals;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>How often Sentry is asked (MinInterval) and which span it is asked about, before and after a reset.</summary>
public sealed class SentrySourceWindowTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new(); // starts 2026-11-21 03:00:00Z
    private readonly ListLogger<SentrySource> _log = new();
    private SentryPeer _sentry = null!;

    public async Task InitializeAsync()
    {
        _sentry = await SentryPeer.StartAsync(_clock);
        _sentry.Errors = _ => SentryPeer.Stats(1);
        _sentry.Transactions = _ => SentryPeer.Stats(9);
        _sentry.Sessions = _ => SentryPeer.SessionTotals(100, 0.99);
    }

    public async Task DisposeAsync()
    {
        await _sentry.DisposeAsync();
        _http.Dispose();
    }

    // These tests drive the client (errors, limits, spans) through the event-count form, whose two calls a round
    // let a failure of the first be told from the second; the failure-rate form shares the client and the gate.
    private SentrySource Source(Action<SentryOptions>? configure = null) =>
        new(_http, _sentry.Options(o => { o.ErrorRateKind = SentryErrorRateKind.EventCount; configure?.Invoke(o); }), _clock, _log);

    [Fact]
    public async Task Read_SoonerThanMinInterval_ReusesTheLastReadingsWithoutCalling()
    {
        var source = Source(o => o.MinInterval = TimeSpan.FromSeconds(30));

        var first = await source.ReadAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(29));
        var again = await source.ReadAsync(CancellationToken.None);

        again.ShouldBe(first);
        _sentry.Requests.Count.ShouldBe(3);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = await source.ReadAsync(CancellationToken.None);

        fresh[0].At.ShouldBe(first[0].At + TimeSpan.FromSeconds(30));
        _sentry.Requests.Count.ShouldBe(6);
    }

    [Fact]
    public async Task Reset_DropsTheKeptReadingsAndAsksFromTheResetOn()
    {
        var source = Source(o => o.MinInterval = TimeSpan.FromSeconds(30));
        await source.ReadAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));

        source.Reset(); // 03:00:10, the rollback went live
        _clock.Advance(TimeSpan.FromSeconds(5));
        var readings = await source.ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.State == ReadingState.Value && r.At == _clock.GetUtcNow());
        readings.ShouldAllBe(r => r.Window == TimeSpan.FromSeconds(5)); // what the value sums up: the span since the reset
        var asked = _sentry.Requests.Skip(3).ToList();
        asked.Count.ShouldBe(3);
        asked.ShouldAllBe(r => r.One("start") == "2026-11-21T03:00:10Z" && r.One("end") == "2026-11-21T03:00:15Z" && r.All("statsPeriod").Length == 0);
    }

    [Fact]
    public async Task Reset_OnceAWholeWindowHasPassed_BackToStatsPeriod()
    {
        var source = Source();
        source.Reset();

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await source.ReadAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await source.ReadAsync(CancellationToken.None);

        var requests = _sentry.Requests;
        requests.Take(3).ShouldAllBe(r => r.One("start") == "2026-11-21T03:00:00Z" && r.One("end") == "2026-11-21T03:04:59Z");
        requests.Skip(3).ShouldAllBe(r => r.One("statsPeriod") == "5m" && r.All("start").Length == 0);
    }

    [Fact]
    public async Task Reset_ReadAtOnce_IsNoDataWithoutCalling()
    {
        var source = Source();
        source.Reset();

        var readings = await source.ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.State == ReadingState.NoData && r.Reason == "no time has passed since the reset");
        _sentry.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reset_WhileARoundIsInFlight_ThatRoundIsNotReused()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sentry.Sessions = _ => SentryPeer.Raw(async ctx =>
        {
            arrived.TrySetResult();
            await release.Task;
            await SentryPeer.SessionTotals(100, 0.5).ExecuteAsync(ctx); // the old deployment's crashes
        });
        var source = Source(o => { o.ErrorRate = false; o.MinInterval = TimeSpan.FromMinutes(1); });

        var read = source.ReadAsync(CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        source.Reset();
        release.SetResult();
        (await read.WaitAsync(TimeSpan.FromSeconds(5))).Single().Value.ShouldBe(0.5);

        _sentry.Sessions = _ => SentryPeer.SessionTotals(100, 1);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var next = (await source.ReadAsync(CancellationToken.None)).Single();

        next.Value.ShouldBe(1, "the round begun before the reset was not kept for MinInterval");
        _sentry.Calls(SentryClient.Sessions).ShouldBe(2);
    }
}
