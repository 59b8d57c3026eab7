using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

public class MetricsEndpointTests
{
    [PromtoolFact]
    public async Task Metrics_AfterPolling_ExposesReadingsAndRuleStatesThatPromtoolAccepts()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health"), name: "checkout"));

        string metrics = "";
        for (var i = 0; i < 100 && !metrics.Contains("watchdog_reading_value{service=\"checkout\",signal=\"availability\",source=\"health\"} 1", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            metrics = await host.Http.GetStringAsync("metrics");
        }

        metrics.ShouldContain("watchdog_reading_value{service=\"checkout\",signal=\"availability\",source=\"health\"} 1");
        metrics.ShouldContain("watchdog_reading_state{service=\"checkout\",signal=\"error_rate\",source=\"health\",state=\"value\"} 1");
        metrics.ShouldContain("# TYPE watchdog_rule_state gauge");
        metrics.ShouldContain("watchdog_rule_state{rule=\"service-down\",service=\"checkout\",state=\"inactive\"} 1");
        metrics.ShouldContain("watchdog_rule_state{rule=\"availability\",service=\"checkout\",state=\"firing\"} 0");
        metrics.ShouldContain("# TYPE watchdog_polls_total counter");
        metrics.ShouldContain("# TYPE process_cpu_seconds_total counter");
        metrics.ShouldContain("watchdog_incident_open{service=\"checkout\"} 0");
        metrics.ShouldContain("watchdog_lease_held{service=\"checkout\"} 1", customMessage: "alone on its journal, the instance holds every service");
        metrics.ShouldContain("watchdog_source_blind{service=\"checkout\",source=\"health\"} 0");
        metrics.ShouldContain("# TYPE watchdog_source_errors_total counter");
        metrics.ShouldContain("watchdog_rule_inconclusive{reason=\"too_few_samples\",rule=\"service-down\",service=\"checkout\"} 0");

        var (exit, output) = await Tools.RunAsync("promtool", "check metrics", metrics);
        exit.ShouldBe(0, output);
    }

    [Fact]
    public async Task Metrics_BuildInfo_NamesTheVersionAsDashDashVersionPrintsIt()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));
        var (exit, printed) = await WatchdogProcess.RunToExitAsync(Path.GetTempPath(), "--version"); // the binary, not the test host

        var metrics = await host.Http.GetStringAsync("metrics");

        exit.ShouldBe(0);
        metrics.ShouldContain($"watchdog_build_info{{version=\"{printed.Trim()}\"}} 1");
    }

    [Fact]
    public async Task Metrics_ContentTypeIsPrometheusText004()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));

        using var response = await host.Http.GetAsync("metrics");

        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
    }

    [Fact]
    public async Task Metrics_ABaselineRule_ExposesItsBaselineAndWhereItCameFrom()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Services:0:Rules:0:Name"] = "slow";
        settings["Watchdog:Services:0:Rules:0:Signal"] = "LatencyP95";
        settings["Watchdog:Services:0:Rules:0:Comparison"] = "AboveBaselineBy";
        settings["Watchdog:Services:0:Rules:0:Threshold"] = "0.5";
        settings["Watchdog:Services:0:Rules:0:Baseline"] = "2.5";
        await using var host = await InProcessHost.StartAsync(settings);

        const string expected = "watchdog_rule_baseline{origin=\"configured\",rule=\"slow\",service=\"api\"} 2.5";
        var metrics = "";
        for (var i = 0; i < 100 && !metrics.Contains(expected, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            metrics = await host.Http.GetStringAsync("metrics");
        }

        metrics.ShouldContain(expected);
    }
}
