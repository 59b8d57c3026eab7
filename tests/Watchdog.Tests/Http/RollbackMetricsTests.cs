using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>The seeds' rollback metrics on /metrics: there from the start at 0, counted as incidents end, and carried over a restart.</summary>
public class RollbackMetricsTests
{
    [PromtoolFact]
    public async Task FreshHost_EveryCounterAndHistogramIsThereAtZero()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health"), poll: "1h"));

        var metrics = await host.Http.GetStringAsync("metrics");

        // No poll has failed and no incident happened, yet every series a rate() alert reads exists.
        metrics.ShouldContain("watchdog_poll_failures_total{service=\"api\"} 0\n");
        metrics.ShouldContain("watchdog_source_errors_total{service=\"api\",source=\"health\"} 0\n");
        foreach (var outcome in new[] { "resolved", "escalated", "failed" })
            metrics.ShouldContain($"watchdog_incidents_total{{outcome=\"{outcome}\",service=\"api\"}} 0\n");
        foreach (var result in new[] { "succeeded", "failed" })
            metrics.ShouldContain($"watchdog_rollbacks_total{{provider=\"command\",result=\"{result}\",service=\"api\"}} 0\n");
        foreach (var h in new[] { "detect", "initiate", "restore" })
        {
            metrics.ShouldContain($"# TYPE watchdog_time_to_{h}_seconds histogram");
            metrics.ShouldContain($"watchdog_time_to_{h}_seconds_count{{service=\"api\"}} 0\n");
            metrics.ShouldContain($"watchdog_time_to_{h}_seconds_bucket{{service=\"api\",le=\"14400\"}} 0\n");
        }

        var (exit, output) = await Tools.RunAsync("promtool", "check metrics", metrics);
        exit.ShouldBe(0, output);
    }

    [Fact]
    public async Task TwoHostsInOneProcess_KeepTheirOwnCounts()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var polling = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health"), poll: "100ms"));
        await using var idle = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health"), poll: "1h"));
        const string polls = "watchdog_polls_total{service=\"api\"} ";
        await Until(async () => Value(await polling.Http.GetStringAsync("metrics"), polls) >= 5);

        // prometheus-net's static default registry would show the other host's polls here.
        Value(await idle.Http.GetStringAsync("metrics"), polls).ShouldBeLessThanOrEqualTo(1, "the idle host polls once, at start");
    }

    private static double Value(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal))
            .Select(l => double.Parse(l[series.Length..], System.Globalization.CultureInfo.InvariantCulture)).Single();

    [Fact]
    public async Task ARollbackThatRestores_IsCounted_AndStillCountedAfterARestart()
    {
        await using var release = await BadRelease.StartAsync("watchdog-rollback-metrics-");
        var (dir, target) = (release.Directory, release.Target);
        var settings = new Dictionary<string, string?>
        {
            ["Watchdog:Mode"] = "Auto",
            ["Watchdog:DataDirectory"] = Path.Combine(dir.FullName, "data"),
            ["Watchdog:Services:0:Name"] = "api",
            ["Watchdog:Services:0:PollInterval"] = "100ms",
            ["Watchdog:Services:0:Health:Url"] = target.Url("health").ToString(),
            ["Watchdog:Services:0:Health:Timeout"] = "2s",
            ["Watchdog:Services:0:Health:Window"] = "1s",
            ["Watchdog:Services:0:Rules:0:Name"] = "availability",
            ["Watchdog:Services:0:Rules:0:Signal"] = "Availability",
            ["Watchdog:Services:0:Rules:0:Comparison"] = "Below",
            ["Watchdog:Services:0:Rules:0:Threshold"] = "0.95",
            ["Watchdog:Services:0:Rules:0:For"] = "500ms",
            ["Watchdog:Services:0:Rules:0:MinSamples"] = "2",
            ["Watchdog:Services:0:Rules:0:Meaning"] = "CoreBroken",
            ["Watchdog:Services:0:Provider:WorkingDirectory"] = dir.FullName,
            ["Watchdog:Services:0:Provider:List"] = "cat deployments",
            ["Watchdog:Services:0:Provider:Current"] = "cat live",
            ["Watchdog:Services:0:Provider:Rollback"] = "printf '%s' {target} > live",
            ["Watchdog:Services:0:Verification:Window"] = "500ms",
            ["Watchdog:Services:0:Verification:Interval"] = "100ms",
            ["Watchdog:Services:0:LivePollInterval"] = "100ms",
            ["Watchdog:Services:0:MonitorFor"] = "500ms",
        };
        string[] expected =
        [
            "watchdog_incidents_total{outcome=\"resolved\",service=\"api\"} 1\n",
            "watchdog_incidents_total{outcome=\"escalated\",service=\"api\"} 0\n",
            "watchdog_rollbacks_total{provider=\"command\",result=\"succeeded\",service=\"api\"} 1\n",
            "watchdog_rollbacks_total{provider=\"command\",result=\"failed\",service=\"api\"} 0\n",
            "watchdog_time_to_detect_seconds_count{service=\"api\"} 1\n",
            "watchdog_time_to_initiate_seconds_count{service=\"api\"} 1\n",
            "watchdog_time_to_restore_seconds_count{service=\"api\"} 1\n",
        ];

        await using (var first = await InProcessHost.StartAsync(new(settings)))
        {
            await Until(async () => (await first.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")) is [var i] && i.GetProperty("state").GetString() == "Resolved");
            // Counted just after the journal took the save the API may already have shown.
            await Until(async () => expected.All((await first.Http.GetStringAsync("metrics")).Contains));
        }

        // A new process would start from 0; these come from the journal.
        await using var second = await InProcessHost.StartAsync(new(settings));
        var after = await second.Http.GetStringAsync("metrics");
        foreach (var line in expected) after.ShouldContain(line);
        dir.Delete(recursive: true);
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(100);
        }
    }
}
