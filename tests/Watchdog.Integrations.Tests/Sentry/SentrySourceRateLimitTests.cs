using System.Globalization;
using Microsoft.AspNetCore.Http;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>§1.1's 429 and X-Sentry-Rate-Limit-* headers: waited out on the fake clock, without calling meanwhile.</summary>
public sealed class SentrySourceRateLimitTests : IAsyncLifetime
{
    private const string TooFrequent = "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds";

    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new(); // starts 2026-11-21 03:00:00Z
    private readonly ListLogger<SentrySource> _log = new();
    private SentryPeer _sentry = null!;

    public async Task InitializeAsync()
    {
        _sentry = await SentryPeer.StartAsync(_clock);
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

    private static Reading Get(IReadOnlyList<Reading> readings, Signal signal) => readings.Single(r => r.Signal == signal);

    /// <summary>The first call throttled with the given headers, every later one answered.</summary>
    private void ThrottleFirstErrorsCall(Action<IHeaderDictionary> headers)
    {
        var calls = 0;
        _sentry.Errors = ctx =>
        {
            if (Interlocked.Increment(ref calls) > 1) return SentryPeer.Stats(1);
            headers(ctx.Response.Headers);
            return SentryPeer.Detail(429, TooFrequent);
        };
    }

    private string Unix(TimeSpan fromNow) => _sentry.UnixNow(fromNow).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Read_429WithResetIn30s_NoCallsForThirtySecondsThenOne()
    {
        ThrottleFirstErrorsCall(h =>
        {
            h["X-Sentry-Rate-Limit-Remaining"] = "0";
            h["X-Sentry-Rate-Limit-Reset"] = Unix(TimeSpan.FromSeconds(30));
        });
        var source = Source();

        var first = await source.ReadAsync(CancellationToken.None);
        Get(first, Signal.ErrorRate).ShouldSatisfyAllConditions(
            r => r.State.ShouldBe(ReadingState.Error),
            r => r.Reason.ShouldBe($"events-stats (errors): HTTP 429: {TooFrequent}; rate limited until 03:00:30Z"));
        Get(first, Signal.CrashFreeRate).Value.ShouldBe(0.99, "sessions is limited on its own");
        _sentry.Calls(SentryClient.EventsStats).ShouldBe(1, "the transactions count is not asked for either");

        foreach (var step in new[] { 10, 10, 9 })
        {
            _clock.Advance(TimeSpan.FromSeconds(step));
            var paused = Get(await source.ReadAsync(CancellationToken.None), Signal.ErrorRate);
            paused.State.ShouldBe(ReadingState.Error);
            paused.Reason!.ShouldStartWith("events-stats (errors): rate limited until 03:00:30Z (HTTP 429: You are attempting");
            paused.Reason!.ShouldEndWith("not called");
        }

        _sentry.Calls(SentryClient.EventsStats).ShouldBe(1);
        _sentry.Calls(SentryClient.Sessions).ShouldBe(4);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var after = Get(await source.ReadAsync(CancellationToken.None), Signal.ErrorRate);

        after.Value.ShouldBe(0.1, 1e-12);
        _sentry.Calls(SentryClient.EventsStats).ShouldBe(3);
        _log.All.ShouldContain("not calling events-stats until 2026-11-21T03:00:30");
    }

    [Fact]
    public async Task Read_429WithRetryAfterOnly_WaitsThatLong()
    {
        ThrottleFirstErrorsCall(h =>
        {
            h.Remove("X-Sentry-Rate-Limit-Reset");
            h.RetryAfter = "20";
        });
        var source = Source(o => o.CrashFree = false);

        await source.ReadAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(19));
        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldContain("rate limited until 03:00:20Z");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await source.ReadAsync(CancellationToken.None)).Single().HasValue.ShouldBeTrue();

        _sentry.Calls(SentryClient.EventsStats, "errors").ShouldBe(2);
    }

    [Fact]
    public async Task Read_429WithRetryAfterAndLaterReset_WaitsForTheLater()
    {
        ThrottleFirstErrorsCall(h =>
        {
            h.RetryAfter = "5";
            h["X-Sentry-Rate-Limit-Reset"] = Unix(TimeSpan.FromSeconds(45));
        });
        var source = Source(o => o.CrashFree = false);

        var reason = (await source.ReadAsync(CancellationToken.None)).Single().Reason;

        reason.ShouldEndWith("rate limited until 03:00:45Z");
    }

    [Fact]
    public async Task Read_429WithoutAnyHint_BacksOffDoublingFromTenSeconds()
    {
        _sentry.Errors = ctx =>
        {
            ctx.Response.Headers.Remove("X-Sentry-Rate-Limit-Reset");
            return SentryPeer.Detail(429, TooFrequent);
        };
        var source = Source(o => o.CrashFree = false);

        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldEndWith("until 03:00:10Z");
        _clock.Advance(TimeSpan.FromSeconds(9));
        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldEndWith("not called");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldEndWith("until 03:00:30Z");
        _clock.Advance(TimeSpan.FromSeconds(20));
        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldEndWith("until 03:01:10Z");

        _sentry.Calls(SentryClient.EventsStats).ShouldBe(3);
    }

    [Fact]
    public async Task Read_ResetYearsAway_PauseIsCappedAtMaxBackoff()
    {
        ThrottleFirstErrorsCall(h => h["X-Sentry-Rate-Limit-Reset"] = Unix(TimeSpan.FromDays(3650)));
        var source = Source(o => { o.CrashFree = false; o.MaxBackoff = TimeSpan.FromMinutes(2); });

        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldEndWith("until 03:02:00Z");
        _clock.Advance(TimeSpan.FromSeconds(119));
        (await source.ReadAsync(CancellationToken.None)).Single().Reason!.ShouldEndWith("not called");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await source.ReadAsync(CancellationToken.None)).Single().HasValue.ShouldBeTrue();
        _log.All.ShouldContain("pausing 00:02:00, the MaxBackoff");
    }

    [Fact]
    public async Task Read_NoRequestsRemaining_KeepsThisRoundsValueAndWaitsForTheReset()
    {
        var calls = 0;
        _sentry.Transactions = ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.Headers["X-Sentry-Rate-Limit-Remaining"] = "0";
                ctx.Response.Headers["X-Sentry-Rate-Limit-Reset"] = Unix(TimeSpan.FromSeconds(15));
            }

            return SentryPeer.Stats(9);
        };
        _sentry.Errors = _ => SentryPeer.Stats(1);
        var source = Source(o => o.CrashFree = false);

        (await source.ReadAsync(CancellationToken.None)).Single().Value.ShouldBe(0.1, 1e-12);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var paused = (await source.ReadAsync(CancellationToken.None)).Single();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var resumed = (await source.ReadAsync(CancellationToken.None)).Single();

        paused.Reason.ShouldBe("events-stats (errors): rate limited until 03:00:15Z (no requests left in this rate-limit window), not called");
        resumed.Value.ShouldBe(0.1, 1e-12);
        _sentry.Calls(SentryClient.EventsStats).ShouldBe(4);
    }

    [Fact]
    public async Task Read_RemainingHeadersWithRequestsLeft_DoNotPause()
    {
        _sentry.Errors = _ => SentryPeer.Stats(1);
        var source = Source(o => o.CrashFree = false);

        for (var i = 0; i < 3; i++)
        {
            (await source.ReadAsync(CancellationToken.None)).Single().HasValue.ShouldBeTrue();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        _sentry.Calls(SentryClient.EventsStats).ShouldBe(6);
    }
}
