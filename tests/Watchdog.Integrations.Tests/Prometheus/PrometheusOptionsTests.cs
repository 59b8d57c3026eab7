using Microsoft.Extensions.Configuration;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Prometheus;

namespace Watchdog.Integrations.Tests.Prometheus;

public sealed class PrometheusOptionsTests
{
    [Fact]
    public void Defaults_QueryErrorRateAvailabilityAndLatencyWithAFiveMinuteSampleCount()
    {
        var o = new PrometheusOptions();

        o.Name.ShouldBe("prometheus");
        o.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        o.Queries.Keys.ShouldBe([Signal.ErrorRate, Signal.Availability, Signal.LatencyP95], ignoreOrder: true);
        o.SamplesQuery.ShouldBe("""sum(increase(http_requests_total{service="{service}"}[5m]))""");
    }

    [Fact]
    public void Configuration_OverridesOneQuery_TurnsAnotherOff_AndKeepsTheRest()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Prometheus:BaseUrl"] = "https://mon.example.com/prometheus",
            ["Prometheus:Queries:ErrorRate"] = """sum(rate(errors_total{app="{service}"}[2m])) / sum(rate(requests_total{app="{service}"}[2m]))""",
            ["Prometheus:Queries:LatencyP95"] = "",
            ["Prometheus:Queries:Up"] = """min(up{app="{service}"})""",
        }).Build();

        var o = config.GetSection("Prometheus").Get<PrometheusOptions>()!;
        using var http = new HttpClient();
        var source = new PrometheusSource(http, o, "shop", TimeProvider.System, new Http.ListLogger<PrometheusSource>());

        source.Queries.Keys.ShouldBe([Signal.ErrorRate, Signal.Availability, Signal.Up]);
        source.Queries[Signal.ErrorRate].ShouldBe("""sum(rate(errors_total{app="shop"}[2m])) / sum(rate(requests_total{app="shop"}[2m]))""");
        source.Queries[Signal.Availability].ShouldContain("""http_requests_total{service="shop",code!~"5.."}""");
    }
}
