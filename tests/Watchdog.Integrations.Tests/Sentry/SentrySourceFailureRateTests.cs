using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>The default ErrorRate: the share of failed transactions (failure_rate(), §12), weighted by each bucket's count().</summary>
public sealed class SentrySourceFailureRateTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new();
    private SentryPeer _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryPeer.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        await _sentry.DisposeAsync();
        _http.Dispose();
    }

    private async Task<Reading> ReadErrorRate(Action<SentryOptions>? configure = null)
    {
        var options = _sentry.Options(o => { o.CrashFree = false; configure?.Invoke(o); });
        var readings = await new SentrySource(_http, options, _clock, new ListLogger<SentrySource>()).ReadAsync(CancellationToken.None);
        return readings.ShouldHaveSingleItem();
    }

    private static SentryTraffic Steady(int requests, int failed, double sampleRate = 1) =>
        new([.. Enumerable.Repeat((requests, failed), 5)], sampleRate);

    [Fact]
    public async Task Read_15PercentOfRequestsFail_Reads15PercentWhereTheEventCountRead13()
    {
        Steady(200, 30).ServeFrom(_sentry);

        var rate = await ReadErrorRate();
        var eventCount = await ReadErrorRate(o => o.ErrorRateKind = SentryErrorRateKind.EventCount);

        rate.State.ShouldBe(ReadingState.Value, rate.Reason);
        rate.Value.ShouldBe(0.15, 1e-12);
        rate.Samples.ShouldBe(1000); // transactions in the window
        rate.Note.ShouldBeNull();
        eventCount.Value.ShouldBe(150.0 / 1150, 1e-12); // 13.04%: the old default
    }

    [Fact]
    public async Task Read_TransactionsSampledAtTenPercent_StillReads15Percent()
    {
        Steady(1000, 150, sampleRate: 0.1).ServeFrom(_sentry);

        var rate = await ReadErrorRate();
        var eventCount = await ReadErrorRate(o => o.ErrorRateKind = SentryErrorRateKind.EventCount);

        rate.Value.ShouldBe(0.15, 1e-12);
        rate.Samples.ShouldBe(500); // what Sentry stored
        eventCount.Value.ShouldBe(750.0 / 1250, 1e-12); // 60%: unsampled errors over sampled transactions is no rate at all
    }

    [Fact]
    public async Task Read_TrafficDiffersPerBucket_WeighsEachBucketByItsTransactions()
    {
        // A quiet minute at 50% and a busy one at 14.6%: 150 of 1000 failed; a mean of the bucket rates would say 32%.
        new SentryTraffic([(10, 5), (990, 145), (0, 0)]).ServeFrom(_sentry);

        var rate = await ReadErrorRate();

        rate.Value.ShouldBe(0.15, 1e-9);
        rate.Samples.ShouldBe(1000);
    }

    [Fact]
    public async Task Read_11PercentFailing_BreachesTheSeedsTenPercentLineThatTheEventCountMissed()
    {
        Steady(1000, 110).ServeFrom(_sentry);
        var rule = Rule.Defaults.Single(r => r.Name == "error-rate");
        RuleState fresh = default, old = default;

        var rate = RuleEvaluator.Evaluate(rule, await ReadErrorRate(), ref fresh);
        var eventCount = RuleEvaluator.Evaluate(rule, await ReadErrorRate(o => o.ErrorRateKind = SentryErrorRateKind.EventCount), ref old);

        rate.Status.ShouldBe(RuleStatus.Pending);
        rate.Explain().ShouldBe("error-rate (ErrorRate > 10% for 5m): pending, measured 11% since 03:00:00Z");
        eventCount.Status.ShouldBe(RuleStatus.Inactive); // 110 / 1110 = 9.9%
        eventCount.Explain().ShouldContain("measured 9.91% (event-count ratio: errors ÷ (errors + transactions))");
    }

    [Fact]
    public async Task Read_SendsTheDocumentedParametersInOneCall()
    {
        Steady(100, 1).ServeFrom(_sentry);

        await ReadErrorRate(o =>
        {
            o.Environment = "production";
            o.Release = "backend@2.0.1";
            o.Window = TimeSpan.FromMinutes(30);
        });

        var call = _sentry.Requests.ShouldHaveSingleItem();
        call.Endpoint.ShouldBe(SentryClient.EventsStats);
        call.Dataset.ShouldBe("metricsEnhanced");
        call.All("yAxis").ShouldBe(["failure_rate()", "count()"]);
        call.One("query").ShouldBe("event.type:transaction release:backend@2.0.1");
        call.One("interval").ShouldBe("1m"); // explicit: without it a 30m window comes back as two 15m buckets
        call.One("statsPeriod").ShouldBe("30m");
        call.One("project").ShouldBe(SentryPeer.Project);
        call.One("environment").ShouldBe("production");
        call.Authorization.ShouldBe("Bearer " + SentryPeer.Token);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_NoTransactionsInTheWindow_IsNoDataNeverZeroPercent(bool emptyLists)
    {
        if (emptyLists)
        {
            var empty = "[1795748100,[]],[1795748160,[]]";
            _sentry.FailureRates = _ => SentryPeer.Json("{\"failure_rate()\":" + SentryPeer.StatsBody(empty) + ",\"count()\":" + SentryPeer.StatsBody(empty) + "}");
        }

        var reading = await ReadErrorRate(); // default peer: every bucket zero-filled

        reading.State.ShouldBe(ReadingState.NoData);
        reading.Reason.ShouldBe("events-stats (failure_rate): no transactions in the window (no traffic, or performance monitoring is off: see ErrorRateKind EventCount)");
    }

    [Theory]
    [InlineData("single", "events-stats (failure_rate): answer has no \"failure_rate()\" series")]
    [InlineData("above1", "events-stats (failure_rate): failure_rate() bucket at 1795748100 is 15, not a fraction of 0–1")]
    [InlineData("noRate", "events-stats (failure_rate): bucket at 1795748100 has 40 transactions but no failure_rate()")]
    public async Task Read_AnswerNotTheDocumentedShape_IsAnErrorSayingWhy(string shape, string reason)
    {
        _sentry.FailureRates = _ => SentryPeer.Json(shape switch
        {
            "single" => SentryPeer.StatsBody("[1795748100,[{\"count\":0.15}]]"),
            "above1" => SentryTraffic.FailureRateBody([(15, 40)]), // a percentage where a fraction belongs
            _ => "{\"failure_rate()\":" + SentryPeer.StatsBody("[1795748100,[]]") + ",\"count()\":" + SentryPeer.StatsBody("[1795748100,[{\"count\":40}]]") + "}",
        });

        var reading = await ReadErrorRate();

        reading.State.ShouldBe(ReadingState.Error);
        reading.Reason.ShouldBe(reason);
    }
}
