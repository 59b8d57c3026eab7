using Watchdog.Core.Signals;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

public sealed class SentrySourceCrashFreeTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly ListLogger<SentrySource> _log = new();
    private SentryPeer _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryPeer.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        await _sentry.DisposeAsync();
        _http.Dispose();
    }

    private async Task<Reading> ReadCrashFree(Action<SentryOptions>? configure = null)
    {
        var source = new SentrySource(_http, _sentry.Options(o => { o.ErrorRate = false; configure?.Invoke(o); }), _clock, _log);
        return (await source.ReadAsync(CancellationToken.None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Read_SessionTotals_CrashFreeRateWithSessionsAsSamples()
    {
        _sentry.Sessions = _ => SentryPeer.SessionTotals(1000, 0.985);

        var reading = await ReadCrashFree();

        reading.State.ShouldBe(ReadingState.Value, reading.Reason);
        reading.Signal.ShouldBe(Signal.CrashFreeRate);
        reading.Value.ShouldBe(0.985);
        reading.Samples.ShouldBe(1000);
        reading.Source.ShouldBe("sentry");
    }

    [Fact]
    public async Task Read_SendsFieldsProjectEnvironmentReleaseAndPeriod()
    {
        _sentry.Sessions = _ => SentryPeer.SessionTotals(10, 1);

        await ReadCrashFree(o => { o.Environment = "production"; o.Release = "2.4.0"; o.Window = TimeSpan.FromHours(1); });

        var seen = _sentry.Requests.ShouldHaveSingleItem();
        seen.Endpoint.ShouldBe(SentryClient.Sessions);
        seen.Authorization.ShouldBe("Bearer " + SentryPeer.Token);
        seen.One("environment").ShouldBe("production");
        seen.One("query").ShouldBe("release:2.4.0");
        seen.One("statsPeriod").ShouldBe("1h");
        seen.One("interval").ShouldBe("1m");
    }

    [Fact]
    public async Task Read_NoRelease_SendsNoQuery()
    {
        _sentry.Sessions = _ => SentryPeer.SessionTotals(10, 1);

        await ReadCrashFree();

        _sentry.Requests.ShouldHaveSingleItem().All("query").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"start":"2026-11-21T02:55:00Z","end":"2026-11-21T03:00:00Z","query":"","intervals":[],"groups":[]}""", "no session groups")]
    [InlineData("""{"groups":[{"by":{},"totals":{"sum(session)":0,"crash_free_rate(session)":null},"series":{}}]}""", "zero sessions")]
    [InlineData("""{"groups":[{"by":{},"totals":{"sum(session)":null,"crash_free_rate(session)":null},"series":{}}]}""", "zero sessions")]
    [InlineData("""{"groups":[{"by":{},"totals":{"sum(session)":500,"crash_free_rate(session)":null},"series":{}}]}""", "crash_free_rate(session) is null")]
    public async Task Read_NothingToMeasure_IsNoDataNotAPercentage(string body, string why)
    {
        _sentry.Sessions = _ => SentryPeer.Json(body);

        var reading = await ReadCrashFree();

        reading.State.ShouldBe(ReadingState.NoData);
        reading.Reason!.ShouldStartWith("sessions: ");
        reading.Reason!.ShouldContain(why);
    }

    [Theory]
    [InlineData("""{"groups":[{"by":{},"totals":{"sum(session)":10,"crash_free_rate(session)":1.5}}]}""", "between 0 and 1")]
    [InlineData("""{"groups":[{"by":{},"totals":{"sum(session)":"10","crash_free_rate(session)":0.9}}]}""", "sum(session) is not")]
    [InlineData("""{"groups":[{"by":{}}]}""", "no \"totals\"")]
    [InlineData("""{"data":[]}""", "no \"groups\" array")]
    public async Task Read_MalformedTotals_IsAnError(string body, string why)
    {
        _sentry.Sessions = _ => SentryPeer.Json(body);

        var reading = await ReadCrashFree();

        reading.State.ShouldBe(ReadingState.Error);
        reading.Reason!.ShouldStartWith("sessions: ");
        reading.Reason!.ShouldContain(why);
    }

    [Fact]
    public async Task Read_ServerGroupsAnyway_CombinesGroupsWeightedBySessions()
    {
        _sentry.Sessions = _ => SentryPeer.Json("""
            {"groups":[{"by":{"environment":"production"},"totals":{"sum(session)":300,"crash_free_rate(session)":0.9}},
                       {"by":{"environment":"staging"},"totals":{"sum(session)":100,"crash_free_rate(session)":0.5}}]}
            """);

        var reading = await ReadCrashFree();

        reading.Value.ShouldBe(0.8, 1e-12);
        reading.Samples.ShouldBe(400);
    }

    [Fact]
    public async Task Read_BothSignals_OneReadingEachWithTheSourceName()
    {
        new SentryTraffic([(100, 1)]).ServeFrom(_sentry);
        _sentry.Sessions = _ => SentryPeer.SessionTotals(200, 0.99);
        var source = new SentrySource(_http, _sentry.Options(o => o.Name = "sentry-web"), _clock, _log);

        var readings = await source.ReadAsync(CancellationToken.None);

        readings.Select(r => r.Signal).ShouldBe([Signal.ErrorRate, Signal.CrashFreeRate]);
        readings.ShouldAllBe(r => r.Source == "sentry-web" && r.State == ReadingState.Value);
        source.Name.ShouldBe("sentry-web");
    }
}
