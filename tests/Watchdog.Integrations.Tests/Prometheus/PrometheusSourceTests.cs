using System.Text;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Prometheus;

public sealed class PrometheusSourceTests : IDisposable
{
    private const string Samples = "requests";

    private readonly HttpClient _http = new();
    private readonly WatchedClock _clock = new();
    private readonly ListLogger<PrometheusSource> _log = new();

    public void Dispose() => _http.Dispose();

    /// <summary>A source with only the error-rate query and a sample count query named <see cref="Samples"/>.</summary>
    private PrometheusSource Source(Uri baseUrl, Action<PrometheusOptions>? configure = null, string service = "shop", HttpClient? http = null)
    {
        var options = new PrometheusOptions
        {
            BaseUrl = baseUrl,
            Queries = new() { [Signal.ErrorRate] = """sum(errors{service="{service}"})""" },
            SamplesQuery = Samples,
        };
        configure?.Invoke(options);
        return new PrometheusSource(http ?? _http, options, service, _clock, _log);
    }

    /// <summary>Answers the value query with <paramref name="answer"/> and the sample count query with 250 requests.</summary>
    private static Task<PrometheusPeer> Peer(int status, string answer) =>
        PrometheusPeer.StartAsync(s => s.Query == Samples ? (200, Answers.Vector("250.4")) : (status, answer));

    private async Task<Reading> ReadOne(Uri baseUrl, Action<PrometheusOptions>? configure = null) =>
        (await Source(baseUrl, configure).ReadAsync(CancellationToken.None)).ShouldHaveSingleItem();

    [Fact]
    public async Task Read_OneSeries_IsTheValueWithTheRoundedSampleCountAndTheSourceName()
    {
        await using var peer = await Peer(200, Answers.Vector("0.125"));

        var r = await ReadOne(peer.BaseAddress, o => o.Name = "prom-eu");

        r.ShouldBe(Reading.Of(Signal.ErrorRate, 0.125, 250, _clock.GetUtcNow()) with { Source = "prom-eu" });
    }

    [Fact]
    public async Task Read_AllQueries_AreEvaluatedAtTheSameMomentForTheService()
    {
        await using var peer = await Peer(200, Answers.Vector("0.1"));

        await Source(peer.BaseAddress).ReadAsync(CancellationToken.None);

        peer.Seen.Select(s => s.Query).Order().ShouldBe([Samples, """sum(errors{service="shop"})"""]);
        peer.Seen.Select(s => s.Form["time"]).Distinct().ShouldHaveSingleItem().ShouldBe(PrometheusClient.Seconds(_clock.GetUtcNow()));
    }

    [Fact]
    public async Task Read_Scalar_IsTheValue()
    {
        await using var peer = await Peer(200, Answers.Scalar("0.5"));

        (await ReadOne(peer.BaseAddress)).ShouldSatisfyAllConditions(r => r.State.ShouldBe(ReadingState.Value), r => r.Value.ShouldBe(0.5));
    }

    [Theory]
    [InlineData("NaN", "NaN")]
    [InlineData("+Inf", "+Inf")]
    [InlineData("-Inf", "-Inf")]
    public async Task Read_NaNOrInfinity_IsNoDataSayingSo(string value, string reason)
    {
        await using var peer = await Peer(200, Answers.Vector(value));

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.NoData);
        r.Reason!.ShouldContain(reason, Case.Sensitive);
        r.Source.ShouldBe("prometheus");
    }

    [Fact]
    public async Task Read_NoSeries_IsNoData()
    {
        await using var peer = await Peer(200, Answers.Vector());

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.NoData);
        r.Reason.ShouldBe("query returned no series");
    }

    [Fact]
    public async Task Read_SeveralSeries_IsAnErrorAskingForAnAggregation()
    {
        await using var peer = await Peer(200, Answers.Vector("0.1", "0.3", "0.2"));

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.Error);
        r.Reason!.ShouldStartWith("query returned 3 series, expected one");
    }

    [Theory]
    [InlineData(400, "bad_data", "1:5: parse error: unclosed left parenthesis")]
    [InlineData(422, "execution", "many-to-many matching not allowed")]
    [InlineData(503, "timeout", "query timed out in query execution")]
    public async Task Read_ErrorEnvelope_IsAnErrorWithTypeStatusAndMessage(int status, string errorType, string error)
    {
        await using var peer = await Peer(status, Answers.Error(errorType, error));

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.Error);
        r.Reason.ShouldBe($"{errorType} (HTTP {status}): {error}");
        _log.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Text.Contains(errorType) && l.Text.Contains("ErrorRate of shop"));
    }

    [Fact]
    public async Task Read_ProxyAnswers502WithHtml_IsAnError()
    {
        await using var peer = await PrometheusPeer.StartAsync(_ => (502, "<html><body><h1>502 Bad Gateway</h1></body></html>"), "text/html");

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.Error);
        r.Reason.ShouldBe("HTTP 502: <html><body><h1>502 Bad Gateway</h1></body></html>");
    }

    [Fact]
    public async Task Read_BadJson_IsAnError()
    {
        await using var peer = await Peer(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric""");

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.Error);
        r.Reason.ShouldBe("malformed answer: not JSON (HTTP 200)");
    }

    [Fact]
    public async Task Read_RangeVectorOrString_IsAnError()
    {
        await using var peer = await Peer(200, """{"status":"success","data":{"resultType":"matrix","result":[]}}""");

        (await ReadOne(peer.BaseAddress)).Reason!.ShouldContain("range vector");
    }

    [Fact]
    public async Task Read_NativeHistogram_IsAnErrorNamingTheFix()
    {
        await using var peer = await Peer(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{"count":"1","sum":"1"}]}]}}""");

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.Error);
        r.Reason!.ShouldContain("histogram_quantile()");
    }

    [Theory]
    [InlineData(Signal.ErrorRate, "15")]
    [InlineData(Signal.Availability, "-0.2")]
    [InlineData(Signal.LatencyP95, "-1")]
    public async Task Read_ValueOutsideTheSignalsRange_IsAnErrorNotABreach(Signal signal, string value)
    {
        await using var peer = await Peer(200, Answers.Vector(value));

        var r = await ReadOne(peer.BaseAddress, o => o.Queries = new() { [signal] = "q" });

        r.Signal.ShouldBe(signal);
        r.State.ShouldBe(ReadingState.Error);
    }

    [Fact]
    public async Task Read_FractionOffByRounding_IsClampedToOne()
    {
        await using var peer = await Peer(200, Answers.Vector("1.0000000000000002"));

        (await ReadOne(peer.BaseAddress, o => o.Queries = new() { [Signal.Availability] = "q" })).Value.ShouldBe(1);
    }

    [Fact]
    public async Task Read_SampleCountQueryFails_EveryValueIsAnError()
    {
        await using var peer = await PrometheusPeer.StartAsync(s => s.Query == Samples ? (422, Answers.Error("execution", "boom")) : (200, Answers.Vector("0.2")));

        var r = await ReadOne(peer.BaseAddress);

        r.State.ShouldBe(ReadingState.Error);
        r.Reason.ShouldBe("sample count query failed: execution (HTTP 422): boom");
    }

    [Fact]
    public async Task Read_SampleCountHasNoSeries_IsZeroSamples()
    {
        await using var peer = await PrometheusPeer.StartAsync(s => (200, s.Query == Samples ? Answers.Vector() : Answers.Vector("0.2")));

        var r = await ReadOne(peer.BaseAddress);

        (r.State, r.Value, r.Samples).ShouldBe((ReadingState.Value, 0.2, 0));
    }

    [Fact]
    public async Task Read_SamplesQueryTurnedOff_IsNotAskedAndReadingsCarryZero()
    {
        await using var peer = await Peer(200, Answers.Vector("0.2"));

        var r = await ReadOne(peer.BaseAddress, o => o.SamplesQuery = "");

        r.Samples.ShouldBe(0);
        peer.Seen.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Read_DefaultOptions_ReadErrorRateAvailabilityAndLatency()
    {
        await using var peer = await PrometheusPeer.StartAsync(s => (200, Answers.Vector(s.Query.Contains("increase(") ? "40" : "0.25")));
        var source = new PrometheusSource(_http, new PrometheusOptions { BaseUrl = peer.BaseAddress }, "shop", _clock, _log);

        var readings = await source.ReadAsync(CancellationToken.None);

        readings.Select(r => r.Signal).ShouldBe([Signal.ErrorRate, Signal.Availability, Signal.LatencyP95]);
        readings.ShouldAllBe(r => r.State == ReadingState.Value && r.Samples == 40 && r.Source == "prometheus");
        peer.Seen.Count.ShouldBe(4);
        peer.Seen.ShouldAllBe(s => s.Query.Contains("{service=\"shop\""));
    }

    [Fact]
    public async Task Read_ServiceNameTryingToInjectPromQL_StaysOneLabelValue()
    {
        await using var peer = await Peer(200, Answers.Vector());

        await Source(peer.BaseAddress, service: "a\"} or vector(1) #").ReadAsync(CancellationToken.None);

        peer.Seen.Select(s => s.Query).ShouldContain("""sum(errors{service="a\"} or vector(1) #"})""");
    }

    [Fact]
    public async Task Read_HungServer_IsAnErrorWhenTheClockPassesTheTimeout()
    {
        var hit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peer = await PrometheusPeer.StartAsync(async (_, ctx) =>
        {
            hit.TrySetResult();
            try { await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        var source = Source(peer.BaseAddress, o => o.Timeout = TimeSpan.FromSeconds(10));

        var read = source.ReadAsync(CancellationToken.None);
        await hit.Task.WaitAsync(TimeSpan.FromSeconds(5));
        read.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var r = (await read.WaitAsync(TimeSpan.FromSeconds(5))).ShouldHaveSingleItem();

        r.State.ShouldBe(ReadingState.Error);
        r.Reason!.ShouldContain("timed out after 10s");
    }

    [Fact]
    public async Task Read_HugeBody_IsAnErrorWithoutReadingItAll()
    {
        await using var peer = await PrometheusPeer.StartAsync(async (_, ctx) =>
        {
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            try
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.Body.WriteAsync("{\"status\":\"success\","u8.ToArray(), ctx.RequestAborted);
                for (var i = 0; i < 800 && !ctx.RequestAborted.IsCancellationRequested; i++)
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
            catch (Exception)
            {
                // the client hung up, as it should
            }
        });
        var counting = new CountingHandler();
        using var http = new HttpClient(counting);

        var r = (await Source(peer.BaseAddress, o => o.MaxBodyBytes = 256 * 1024, http: http).ReadAsync(CancellationToken.None)).ShouldHaveSingleItem();

        r.State.ShouldBe(ReadingState.Error);
        r.Reason!.ShouldContain("larger than 262144 bytes");
        counting.BytesRead.ShouldBeLessThan(4L * 1024 * 1024); // of the 50 MiB sent per query
    }

    [Fact]
    public async Task Read_Warnings_AreLoggedOncePerDistinctWarning()
    {
        await using var peer = await Peer(200,
            """{"status":"success","data":{"resultType":"scalar","result":[1,"0.1"]},"warnings":["remote read of store-2 failed"]}""");
        var source = Source(peer.BaseAddress);

        var r = (await source.ReadAsync(CancellationToken.None)).ShouldHaveSingleItem();
        await source.ReadAsync(CancellationToken.None);

        r.Value.ShouldBe(0.1);
        _log.Lines.Where(l => l.Level == LogLevel.Warning).ShouldHaveSingleItem().Text.ShouldContain("remote read of store-2 failed");
    }

    [Fact]
    public async Task Read_Token_IsSentButNeverLoggedNorInReasons()
    {
        const string token = "s3cr3t-token-value";
        await using var peer = await Peer(400, Answers.Error("bad_data", $"unexpected credential {token} in query"));

        var r = await ReadOne(peer.BaseAddress, o => o.Token = token);

        peer.Seen.ShouldAllBe(s => s.Authorization == "Bearer " + token);
        r.Reason.ShouldBe("bad_data (HTTP 400): unexpected credential *** in query");
        _log.All.ShouldNotContain(token);
        _log.All.ShouldContain("unexpected credential ***");
    }

    [Fact]
    public async Task Read_FailureThenRecovery_WarnsOnceThenSaysItMeasuresAgain()
    {
        var failing = true;
        await using var peer = await PrometheusPeer.StartAsync(s => s.Query == Samples ? (200, Answers.Vector("10"))
            : Volatile.Read(ref failing) ? (503, Answers.Error("unavailable", "not ready")) : (200, Answers.Vector("0.1")));
        var source = Source(peer.BaseAddress);

        await source.ReadAsync(CancellationToken.None);
        await source.ReadAsync(CancellationToken.None);
        Volatile.Write(ref failing, false);
        await source.ReadAsync(CancellationToken.None);

        _log.Lines.Count(l => l.Level == LogLevel.Warning).ShouldBe(1);
        _log.Lines.Count(l => l.Level == LogLevel.Debug && l.Text.Contains("still failing")).ShouldBe(1);
        _log.Lines.ShouldContain(l => l.Level == LogLevel.Information && l.Text.Contains("ErrorRate of shop measured again"));
    }

    [Fact]
    public async Task ReadRange_GivesEachSignalAtEachStep_MissingPointsAsNoData()
    {
        await using var peer = await PrometheusPeer.StartAsync(s => (200, s.Query == Samples
            ? """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795230000,"100"],[1795230060,"120"],[1795230120,"90"]]}]}}"""
            : """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795230000,"0.02"],[1795230120,"NaN"]]}]}}"""));
        var start = DateTimeOffset.FromUnixTimeSeconds(1795230000);

        var readings = await Source(peer.BaseAddress).ReadRangeAsync(start, start.AddMinutes(2), TimeSpan.FromMinutes(1), CancellationToken.None);

        readings.Count.ShouldBe(3);
        readings[0].ShouldBe(Reading.Of(Signal.ErrorRate, 0.02, 100, start) with { Source = "prometheus" });
        (readings[1].State, readings[1].At).ShouldBe((ReadingState.NoData, start.AddMinutes(1)));
        (readings[2].State, readings[2].Reason).ShouldBe((ReadingState.NoData, "query returned NaN (0/0: no requests in the window?)"));
        peer.Seen.ShouldAllBe(s => s.Path == "/api/v1/query_range" && s.Form["step"] == "60");
    }

    [Fact]
    public async Task ReadRange_Failure_MarksEveryStep()
    {
        await using var peer = await Peer(400, Answers.Error("bad_data", "exceeded maximum resolution of 11,000 points per timeseries"));
        var start = DateTimeOffset.FromUnixTimeSeconds(1795230000);

        var readings = await Source(peer.BaseAddress).ReadRangeAsync(start, start.AddMinutes(2), TimeSpan.FromMinutes(1), CancellationToken.None);

        readings.Count.ShouldBe(3);
        readings.ShouldAllBe(r => r.State == ReadingState.Error && r.Reason!.StartsWith("bad_data (HTTP 400): exceeded maximum resolution"));
    }

    [Fact]
    public async Task ReadRange_MorePointsThanPrometheusAllows_IsRefusedBeforeAsking()
    {
        await using var peer = await Peer(200, Answers.Vector());
        var start = DateTimeOffset.FromUnixTimeSeconds(1795230000);

        var e = await Should.ThrowAsync<ArgumentException>(() =>
            Source(peer.BaseAddress).ReadRangeAsync(start, start.AddDays(8), TimeSpan.FromMinutes(1), CancellationToken.None));

        e.Message.ShouldContain("at most 11000 points");
        peer.Seen.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_RefusesToStart()
    {
        var e = Should.Throw<ArgumentException>(() =>
            new PrometheusSource(_http, new PrometheusOptions { BaseUrl = new Uri("http://p/"), SamplesQuery = "sum(x{service={service}})" }, "shop", _clock, _log));

        e.Message.ShouldContain("SamplesQuery uses {service} outside double quotes");
    }

    [Fact]
    public void Queries_ShowTheRenderedQueries()
    {
        var source = new PrometheusSource(_http, new PrometheusOptions { BaseUrl = new Uri("http://p/") }, "shop", _clock, _log);

        source.Queries[Signal.LatencyP95].ShouldBe("""histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="shop"}[5m])))""");
    }
}
