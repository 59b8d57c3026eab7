using Watchdog.Core.Signals;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>The event-count form (ErrorRateKind EventCount), kept for projects without transactions' status.</summary>
public sealed class SentrySourceEventCountTests : IAsyncLifetime
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

    private async Task<Reading> ReadErrorRate(Action<SentryOptions>? configure = null)
    {
        var source = new SentrySource(_http, _sentry.Options(o => { o.CrashFree = false; o.ErrorRateKind = SentryErrorRateKind.EventCount; configure?.Invoke(o); }), _clock, _log);
        var readings = await source.ReadAsync(CancellationToken.None);
        return readings.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Read_ErrorsAndTransactions_ErrorRateIsErrorsOverAllEvents()
    {
        // Zero-filled and empty-list buckets among real ones, as §1.2 says both occur.
        _sentry.Errors = _ => SentryPeer.Json(SentryPeer.StatsBody(
            """[1795748100,[{"count":1}]],[1795748160,[{"count":0}]],[1795748220,[]],[1795748280,[{"count":2}]]"""));
        _sentry.Transactions = _ => SentryPeer.Stats(5, 0, 12, 10);

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.Value, reading.Reason);
        reading.Signal.ShouldBe(Signal.ErrorRate);
        reading.Value.ShouldBe(0.1, 1e-12); // 3 / (3 + 27)
        reading.Samples.ShouldBe(30);
        reading.Source.ShouldBe("sentry");
        reading.Note.ShouldBe("event-count ratio: errors ÷ (errors + transactions)"); // never passed off as a failure rate
        reading.At.ShouldBe(_clock.GetUtcNow());
    }

    [Fact]
    public async Task Read_SendsTokenProjectEnvironmentPeriodAndIntervalToBothCounts()
    {
        _sentry.Errors = _ => SentryPeer.Stats(1);
        _sentry.Transactions = _ => SentryPeer.Stats(9);

        var reading = await ReadErrorRate(o =>
        {
            o.Environment = "production";
            o.Window = TimeSpan.FromMinutes(10);
            o.Interval = TimeSpan.FromMinutes(2);
        });

        reading.HasValue.ShouldBeTrue(reading.Reason);
        var requests = _sentry.Requests;
        requests.Select(r => r.Dataset).ShouldBe(["errors", "transactions"]);
        requests.ShouldAllBe(r => r.Authorization == "Bearer " + SentryPeer.Token);
        requests.ShouldAllBe(r => r.One("environment") == "production" && r.One("statsPeriod") == "10m" && r.One("interval") == "2m");
        requests[0].One("query").ShouldBe("event.type:error");
        requests[1].One("query").ShouldBe("event.type:transaction");
    }

    [Theory]
    [InlineData("1.2.3", "release:1.2.3")]
    [InlineData("backend@2.0.1+build.7", "release:backend@2.0.1+build.7")]
    [InlineData("v2 \"hotfix\"", "release:\"v2 \\\"hotfix\\\"\"")]
    public async Task Read_ReleaseSet_ScopesBothQueriesToIt(string release, string term)
    {
        _sentry.Errors = _ => SentryPeer.Stats(1);
        _sentry.Transactions = _ => SentryPeer.Stats(9);

        await ReadErrorRate(o => o.Release = release);

        _sentry.Requests.Select(r => r.One("query")).ShouldBe([$"event.type:error {term}", $"event.type:transaction {term}"]);
    }

    [Fact]
    public async Task Read_DataEmpty_IsNoDataNamingTheProjectAndAsksNoMore()
    {
        _sentry.Errors = _ => SentryPeer.Json("""{"data": []}""");

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.NoData);
        reading.Reason!.ShouldContain("project does not exist");
        _sentry.Calls(SentryClient.EventsStats, "transactions").ShouldBe(0);
    }

    [Fact]
    public async Task Read_EveryBucketZeroOrEmpty_IsNoDataNotZeroPercent()
    {
        _sentry.Errors = _ => SentryPeer.Json(SentryPeer.StatsBody("""[1795748100,[]],[1795748160,[{"count":0}]]"""));
        _sentry.Transactions = _ => SentryPeer.Stats(0, 0, 0, 0, 0);

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.NoData);
        reading.Reason!.ShouldContain("no events in the window");
    }

    [Fact]
    public async Task Read_ErrorsButNoTransactions_IsNoDataNotHundredPercent()
    {
        _sentry.Errors = _ => SentryPeer.Stats(4, 7, 2);
        _sentry.Transactions = _ => SentryPeer.Stats(0, 0, 0);

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.NoData);
        reading.Reason!.ShouldContain("13 errors but no transactions");
        reading.Reason!.ShouldContain("performance monitoring");
    }

    [Fact]
    public async Task Read_NoErrorsAmongTransactions_IsARealZero()
    {
        _sentry.Errors = _ => SentryPeer.Stats(0, 0, 0);
        _sentry.Transactions = _ => SentryPeer.Stats(20, 30);

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.Value);
        reading.Value.ShouldBe(0);
        reading.Samples.ShouldBe(50);
    }

    [Fact]
    public async Task Read_SampledTransactions_AreScaledUpToEstimateAllRequests()
    {
        _sentry.Errors = _ => SentryPeer.Stats(10);
        _sentry.Transactions = _ => SentryPeer.Stats(9); // a 10% sample of 90 requests

        var reading = await ReadErrorRate(o => o.TransactionSampleRate = 0.1);

        reading.Value.ShouldBe(0.1, 1e-12); // 10 / (10 + 90), not 10 / 19
        reading.Samples.ShouldBe(19, "samples are the events actually seen");
    }

    [Theory]
    [InlineData("""{"data":[[1795748100,{"count":3}]]}""", "bucket 0")]
    [InlineData("""{"data":[[1795748100,[{"count":"3"}]]]}""", "bucket 0")]
    [InlineData("""{"data":[[1795748100,[{"count":1}]],[1795748160,[{"count":-4}]]]}""", "bucket 1")]
    [InlineData("""{"count()":{"data":[[1795748100,[{"count":3}]]],"order":0}}""", "no \"data\" array")]
    [InlineData("""[]""", "no \"data\" array")]
    public async Task Read_MalformedSeries_IsAnErrorSayingWhere(string body, string where)
    {
        _sentry.Errors = _ => SentryPeer.Json(body);

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.Error);
        reading.Reason!.ShouldStartWith("events-stats (errors): ");
        reading.Reason!.ShouldContain(where);
    }

    [Fact]
    public async Task Read_TransactionsCallFails_IsAnErrorNamingThatCall()
    {
        _sentry.Errors = _ => SentryPeer.Stats(2);
        _sentry.Transactions = _ => SentryPeer.Detail(400, "Invalid query. Project(s) 4505281256090624 do not exist or are not actively selected.");

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.Error);
        reading.Reason.ShouldBe("events-stats (transactions): HTTP 400: Invalid query. Project(s) 4505281256090624 do not exist or are not actively selected.");
    }

    [Fact]
    public async Task Read_SelfHostedUnderAPathPrefix_CallsBelowIt()
    {
        await using var selfHosted = await SentryPeer.StartAsync(_clock, prefix: "tools/sentry");
        selfHosted.Errors = _ => SentryPeer.Stats(1);
        selfHosted.Transactions = _ => SentryPeer.Stats(3);
        var options = selfHosted.Options(o => { o.CrashFree = false; o.ErrorRateKind = SentryErrorRateKind.EventCount; });
        options.BaseUrl.AbsolutePath.ShouldBe("/tools/sentry");

        var reading = (await new SentrySource(_http, options, _clock, _log).ReadAsync(CancellationToken.None)).ShouldHaveSingleItem();

        reading.Value.ShouldBe(0.25, 1e-12);
        selfHosted.Calls(SentryClient.EventsStats).ShouldBe(2);
    }

    [Fact]
    public async Task Read_CustomName_IsTheReadingsSource()
    {
        _sentry.Errors = _ => SentryPeer.Stats(1);
        _sentry.Transactions = _ => SentryPeer.Stats(1);

        var reading = await ReadErrorRate(o => o.Name = "sentry-eu");

        reading.Source.ShouldBe("sentry-eu");
    }

    [Fact]
    public async Task Read_CallerCancels_Throws()
    {
        var source = new SentrySource(_http, _sentry.Options(), _clock, _log);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => source.ReadAsync(cts.Token));
    }
}
