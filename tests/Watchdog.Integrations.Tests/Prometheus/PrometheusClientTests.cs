using System.Text;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Prometheus;

public sealed class PrometheusClientTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _http.Dispose();

    private PrometheusClient Client(Uri baseUrl, Action<PrometheusOptions>? configure = null)
    {
        var options = new PrometheusOptions { BaseUrl = baseUrl };
        configure?.Invoke(options);
        return new PrometheusClient(_http, options, _clock);
    }

    [Fact]
    public async Task Query_PostsTheQueryTimeAndTimeoutAsAForm()
    {
        await using var peer = await PrometheusPeer.Answering(200, Answers.Vector("1"));
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, 123, TimeSpan.Zero);

        await Client(peer.BaseAddress, o => o.Timeout = TimeSpan.FromMilliseconds(7500)).QueryAsync("sum(up)", at, CancellationToken.None);

        var seen = peer.Seen.ShouldHaveSingleItem();
        seen.Method.ShouldBe("POST");
        seen.Path.ShouldBe("/api/v1/query");
        seen.ContentType.ShouldBe("application/x-www-form-urlencoded");
        seen.Form["query"].ShouldBe("sum(up)");
        seen.Form["time"].ShouldBe("1795230000.123");
        seen.Form["timeout"].ShouldBe("7.5");
        seen.Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task Query_WithoutTime_LetsPrometheusUseItsNow()
    {
        await using var peer = await PrometheusPeer.Answering(200, Answers.Vector("1"));

        await Client(peer.BaseAddress).QueryAsync("up", null, CancellationToken.None);

        peer.Seen.ShouldHaveSingleItem().Form.ContainsKey("time").ShouldBeFalse();
    }

    [Theory]
    [InlineData("prometheus")]
    [InlineData("prometheus/")]
    public async Task Query_BaseUrlWithPathPrefix_KeepsThePrefix(string prefix)
    {
        await using var peer = await PrometheusPeer.Answering(200, Answers.Vector("1"));

        await Client(new Uri(peer.BaseAddress, prefix)).QueryAsync("up", null, CancellationToken.None);

        peer.Seen.ShouldHaveSingleItem().Path.ShouldBe("/prometheus/api/v1/query");
    }

    [Fact]
    public async Task Query_Token_IsSentAsBearer()
    {
        await using var peer = await PrometheusPeer.Answering(200, Answers.Vector("1"));

        await Client(peer.BaseAddress, o => o.Token = "s3cr3t-token").QueryAsync("up", null, CancellationToken.None);

        peer.Seen.ShouldHaveSingleItem().Authorization.ShouldBe("Bearer s3cr3t-token");
    }

    [Fact]
    public async Task Query_UsernameAndPassword_AreSentAsBasicAuth()
    {
        await using var peer = await PrometheusPeer.Answering(200, Answers.Vector("1"));

        await Client(peer.BaseAddress, o => { o.Username = "grafana"; o.Password = "pä55"; o.Headers["X-Scope-OrgID"] = "tenant-1"; })
            .QueryAsync("up", null, CancellationToken.None);

        var seen = peer.Seen.ShouldHaveSingleItem();
        seen.Authorization.ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana:pä55")));
        seen.OrgId.ShouldBe("tenant-1");
    }

    [Fact]
    public async Task Query_Vector_KeepsLabelsTimestampsAndSpecialValues()
    {
        await using var peer = await PrometheusPeer.Answering(200, """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"up","job":"api"},"value":[1435781451.781,"1"]},
              {"metric":{"job":"db"},"value":[1435781451.781,"NaN"]},
              {"metric":{},"value":[1435781451.781,"+Inf"]},
              {"metric":{},"value":[1435781451.781,"-Inf"]},
              {"metric":{},"value":[1435781451.781,"1.5e-7"]}]}}
            """);

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Succeeded.ShouldBeTrue();
        r.ResultType.ShouldBe(PrometheusResultType.Vector);
        r.Series.Count.ShouldBe(5);
        r.Series[0].Labels["job"].ShouldBe("api");
        r.Series[0].Samples.ShouldHaveSingleItem().At.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1435781451781));
        r.Series[0].Samples[0].Value.ShouldBe(1);
        double.IsNaN(r.Series[1].Samples[0].Value).ShouldBeTrue();
        r.Series[2].Samples[0].Value.ShouldBe(double.PositiveInfinity);
        r.Series[3].Samples[0].Value.ShouldBe(double.NegativeInfinity);
        r.Series[4].Samples[0].Value.ShouldBe(1.5e-7);
    }

    [Fact]
    public async Task QueryRange_PostsStartEndStep_AndParsesTheMatrix()
    {
        await using var peer = await PrometheusPeer.Answering(200, """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"service":"shop"},"values":[[1795230000,"0.01"],[1795230060,"0.2"]]}]}}
            """);
        var start = DateTimeOffset.FromUnixTimeSeconds(1795230000);

        var r = await Client(peer.BaseAddress).QueryRangeAsync("q", start, start.AddMinutes(1), TimeSpan.FromSeconds(60), CancellationToken.None);

        var seen = peer.Seen.ShouldHaveSingleItem();
        seen.Path.ShouldBe("/api/v1/query_range");
        (seen.Form["start"], seen.Form["end"], seen.Form["step"]).ShouldBe(("1795230000", "1795230060", "60"));
        r.ResultType.ShouldBe(PrometheusResultType.Matrix);
        r.Series.ShouldHaveSingleItem().Samples.Select(s => s.Value).ShouldBe([0.01, 0.2]);
        r.Series[0].Samples[1].At.ShouldBe(start.AddMinutes(1));
    }

    [Fact]
    public async Task Query_ScalarAndString_AreParsed()
    {
        await using var peer = await PrometheusPeer.StartAsync(s => (200, s.Query == "s"
            ? """{"status":"success","data":{"resultType":"string","result":[1795230000,"hello"]}}"""
            : Answers.Scalar("0.25")));
        var client = Client(peer.BaseAddress);

        var scalar = await client.QueryAsync("1/4", null, CancellationToken.None);
        var text = await client.QueryAsync("s", null, CancellationToken.None);

        scalar.ResultType.ShouldBe(PrometheusResultType.Scalar);
        scalar.Series.ShouldHaveSingleItem().Samples.ShouldHaveSingleItem().Value.ShouldBe(0.25);
        text.ResultType.ShouldBe(PrometheusResultType.String);
        text.Text.ShouldBe("hello");
    }

    [Fact]
    public async Task Query_WarningsAndInfos_AreSurfacedWithTheResult()
    {
        await using var peer = await PrometheusPeer.Answering(200,
            """{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["remote read of store-2 failed"],"infos":["metric might not be a counter"]}""");

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Succeeded.ShouldBeTrue();
        r.Warnings.ShouldBe(["remote read of store-2 failed"]);
        r.Infos.ShouldBe(["metric might not be a counter"]);
    }

    [Theory]
    [InlineData(400, "bad_data", "1:5: parse error: unclosed left parenthesis")]
    [InlineData(422, "execution", "many-to-many matching not allowed")]
    [InlineData(503, "timeout", "query timed out in query execution")]
    public async Task Query_ErrorEnvelope_IsAFailureWithTypeMessageAndStatus(int status, string errorType, string error)
    {
        await using var peer = await PrometheusPeer.Answering(status, Answers.Error(errorType, error));

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Failure.ShouldBe(new PrometheusFailure(PrometheusFailureKind.Prometheus, errorType, error, status));
        r.Failure!.ToString().ShouldBe($"{errorType} (HTTP {status}): {error}");
    }

    [Fact]
    public async Task Query_ProxyHtmlError_IsAnHttpFailureWithABoundedExcerpt()
    {
        var html = "<html><head><title>502 Bad Gateway</title></head><body>" + new string('x', 5000) + "</body></html>";
        await using var peer = await PrometheusPeer.Answering(502, html, "text/html");

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Failure!.Kind.ShouldBe(PrometheusFailureKind.Http);
        r.Failure.HttpStatus.ShouldBe(502);
        r.Failure.ToString().ShouldStartWith("HTTP 502: <html><head><title>502 Bad Gateway");
        r.Failure.ToString().Length.ShouldBeLessThan(140);
    }

    [Theory]
    [InlineData("{not json", "not JSON")]
    [InlineData("""{"status":"success"}""", "no \"data\" object")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}""", "sample value is not a string")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}""", "\"abc\" is not a number")]
    [InlineData("""{"status":"success","data":{"resultType":"cube","result":[]}}""", "unknown resultType \"cube\"")]
    [InlineData("""{"data":{}}""", "no \"status\"")]
    public async Task Query_MalformedAnswer_IsAFailureSayingWhat(string body, string expected)
    {
        await using var peer = await PrometheusPeer.Answering(200, body);

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Failure!.Kind.ShouldBe(PrometheusFailureKind.Malformed);
        r.Failure.ToString().ShouldContain(expected);
    }

    [Theory]
    [InlineData(new byte[] { 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d })] // {"\xff\xfe":1}
    [InlineData(new byte[] { 0xef, 0xbb, 0xbf, 0x5b, 0x5b, 0x5b })] // BOM, then [[[ unterminated
    public async Task Query_BytesThatAreNotValidJson_AreAFailureNotAnException(byte[] body)
    {
        await using var peer = await PrometheusPeer.StartAsync(async (_, ctx) =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.Body.WriteAsync(body);
        });

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Failure!.Kind.ShouldBe(PrometheusFailureKind.Malformed);
    }

    [Fact]
    public async Task Query_NativeHistogram_IsMarkedNotANumber()
    {
        await using var peer = await PrometheusPeer.Answering(200, """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{},"histogram":[1795230000,{"count":"10","sum":"3.5","buckets":[[0,"0.1","0.2","10"]]}]}]}}
            """);

        var r = await Client(peer.BaseAddress).QueryAsync("x", null, CancellationToken.None);

        r.Series.ShouldHaveSingleItem().IsNativeHistogram.ShouldBeTrue();
    }

    [Fact]
    public async Task Query_NothingListening_IsATransportFailure()
    {
        var r = await Client(Peers.NothingListening("/")).QueryAsync("x", null, CancellationToken.None);

        r.Failure!.Kind.ShouldBe(PrometheusFailureKind.Transport);
        r.Failure.ToString().ShouldBe("connection refused");
    }
}
