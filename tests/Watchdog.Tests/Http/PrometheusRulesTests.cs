using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Configuration;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>deploy/prometheus as shipped: promtool accepts it, its unit tests pass, and it reads only metrics Watchdog exports.</summary>
public partial class PrometheusRulesTests
{
    private static string Dir => Path.Combine(ShippedConfigTests.RepoRoot, "deploy", "prometheus");

    [PromtoolFact]
    public async Task ScrapeConfig_AndEveryRuleFile_PassPromtoolCheck()
    {
        var (exit, output) = await Tools.RunAsync("promtool", $"check config {Path.Combine(Dir, "prometheus.yml")}");

        exit.ShouldBe(0, output);
        output.ShouldContain("watchdog-rollbacks.yml");
    }

    [PromtoolFact]
    public async Task EveryRuleTest_PassesPromtoolTestRules()
    {
        var tests = Directory.GetFiles(Path.Combine(Dir, "tests"), "*.test.yml").Order(StringComparer.Ordinal).ToArray();
        tests.Select(Path.GetFileName).ShouldContain("watchdog-rollbacks.test.yml");

        var (exit, output) = await Tools.RunAsync("promtool", "test rules " + string.Join(' ', tests));

        exit.ShouldBe(0, output);
    }

    [Fact]
    public async Task EveryWatchdogMetricTheRulesRead_IsOnAFreshHostsMetrics()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        // A first poll within a second (a service is first polled at its phase within the interval, not at start-up).
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health"), poll: "1s"));
        // After the first poll: the reading gauges say what was read, so they exist once something was.
        var exported = "";
        for (var i = 0; i < 300 && !exported.Contains("\nwatchdog_reading_state{", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            exported = await host.Http.GetStringAsync("metrics");
        }

        var read = Directory.GetFiles(Dir, "watchdog-*.yml").SelectMany(f => MetricName().Matches(File.ReadAllText(f)).Select(m => m.Value)).ToHashSet();

        read.ShouldContain("watchdog_rollbacks_total");
        foreach (var name in read) exported.ShouldContain($"\n{name}{{", customMessage: $"{name} is read by deploy/prometheus but not exported from the start");
    }

    // Metric names only: a recording rule's own name has a colon, and a name inside a label matcher or an annotation is preceded by a quote.
    [GeneratedRegex(@"(?<![""\w:])watchdog_[a-z_]+(?=[{\[])")]
    private static partial Regex MetricName();
}
