using Watchdog.Testing;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Prometheus;

/// <summary>The source against a real Prometheus that scrapes a test target (see <see cref="ScrapedPrometheus"/>).</summary>
public sealed class RealPrometheusScrapeTests(ScrapedPrometheus prometheus) : IClassFixture<ScrapedPrometheus>, IDisposable
{
    private readonly HttpClient _http = new();
    private readonly ListLogger<PrometheusSource> _log = new();

    public void Dispose() => _http.Dispose();

    private async Task<Dictionary<Signal, Reading>> Read(string service)
    {
        var source = new PrometheusSource(_http, new PrometheusOptions { BaseUrl = prometheus.BaseUrl }, service, TimeProvider.System, _log);
        var readings = await source.ReadAsync(CancellationToken.None);
        readings.ShouldAllBe(r => r.Source == "prometheus");
        return readings.ToDictionary(r => r.Signal);
    }

    [PrometheusFact]
    public async Task DefaultQueries_ReadTheScrapedErrorRateAvailabilityAndLatency()
    {
        var r = await Read("shop");

        r[Signal.ErrorRate].State.ShouldBe(ReadingState.Value, r[Signal.ErrorRate].Reason + "\n" + prometheus.LogTail);
        r[Signal.ErrorRate].Value.ShouldBe(0.2, 1e-9);
        r[Signal.Availability].Value.ShouldBe(0.8, 1e-9);
        r[Signal.LatencyP95].Value.ShouldBe(0.375, 1e-9);
        r[Signal.ErrorRate].Samples.ShouldBeGreaterThan(0);
    }

    [PrometheusFact]
    public async Task DefaultQueries_ServiceThatNeverFailed_HasZeroErrorRateNotNoData()
    {
        var r = await Read("calm");

        (r[Signal.ErrorRate].State, r[Signal.ErrorRate].Value).ShouldBe((ReadingState.Value, 0));
        r[Signal.Availability].Value.ShouldBe(1);
        (r[Signal.LatencyP95].State, r[Signal.LatencyP95].Reason).ShouldBe((ReadingState.NoData, "query returned no series"));
    }

    [PrometheusFact]
    public async Task DefaultQueries_ServiceAnsweringOnly5xx_HasZeroAvailabilityNotNoData()
    {
        var r = await Read("down");

        (r[Signal.Availability].State, r[Signal.Availability].Value).ShouldBe((ReadingState.Value, 0));
        r[Signal.ErrorRate].Value.ShouldBe(1);
    }

    [PrometheusFact]
    public async Task ServiceNameTryingToInjectPromQL_MatchesNothing()
    {
        var r = await Read("shop\"} or vector(1) #");

        r.Values.ShouldAllBe(x => x.State == ReadingState.NoData && x.Reason == "query returned no series");
    }

    [PrometheusFact]
    public async Task UnknownService_IsNoData()
    {
        var r = await Read("nobody");

        r.Values.ShouldAllBe(x => x.State == ReadingState.NoData);
    }

    [PrometheusFact]
    public async Task RealErrorEnvelopes_BecomeErrorReadings()
    {
        var options = new PrometheusOptions
        {
            BaseUrl = prometheus.BaseUrl,
            SamplesQuery = "",
            Queries = new()
            {
                [Signal.ErrorRate] = "sum(rate(http_requests_total[5m]",
                [Signal.Availability] = """http_requests_total{code="200"} + on() http_requests_total{code="200"}""",
                [Signal.LatencyP95] = "http_requests_total",
            },
        };
        var source = new PrometheusSource(_http, options, "shop", TimeProvider.System, _log);

        var r = (await source.ReadAsync(CancellationToken.None)).ToDictionary(x => x.Signal);

        r[Signal.ErrorRate].Reason!.ShouldStartWith("bad_data (HTTP 400): ");
        r[Signal.Availability].Reason!.ShouldStartWith("execution (HTTP 422): ");
        r[Signal.LatencyP95].Reason!.ShouldStartWith("query returned 4 series, expected one");
        r.Values.ShouldAllBe(x => x.State == ReadingState.Error);
    }

    [PrometheusFact]
    public async Task Client_ScalarNaNAndInfinity_ArriveAsSpecialValues()
    {
        var client = new PrometheusClient(_http, new PrometheusOptions { BaseUrl = prometheus.BaseUrl }, TimeProvider.System);

        var nan = await client.QueryAsync("0/0", null, CancellationToken.None);
        var inf = await client.QueryAsync("1/0", null, CancellationToken.None);

        nan.ResultType.ShouldBe(PrometheusResultType.Scalar);
        double.IsNaN(nan.Series[0].Samples[0].Value).ShouldBeTrue();
        inf.Series[0].Samples[0].Value.ShouldBe(double.PositiveInfinity);
    }
}
