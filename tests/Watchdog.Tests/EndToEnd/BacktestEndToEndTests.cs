using System.Globalization;
using System.Text;
using System.Text.Json;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>The backtest verb against a real Prometheus loaded with two hours of known history.</summary>
public class BacktestEndToEndTests
{
    private const int Minutes = 120;

    /// <summary>1,000 requests a minute; 15% fail from minute 61 to 80, 2% otherwise.</summary>
    private static string History(DateTimeOffset start)
    {
        var sb = new StringBuilder();
        long ok = 0, failed = 0;
        var okAt = new long[Minutes + 1];
        var failedAt = new long[Minutes + 1];
        for (var k = 1; k <= Minutes; k++)
        {
            var errors = k is >= 61 and <= 80 ? 150 : 20;
            okAt[k] = ok += 1000 - errors;
            failedAt[k] = failed += errors;
        }

        foreach (var (code, values) in new[] { ("200", okAt), ("500", failedAt) })
            for (var k = 0; k <= Minutes; k++)
                sb.Append(CultureInfo.InvariantCulture, $"http_requests_total{{service=\"shop\",code=\"{code}\"}} {values[k]} {start.AddMinutes(k).ToUnixTimeSeconds()}\n");
        return sb.Append("# EOF\n").ToString();
    }

    [PrometheusFact]
    public async Task Backtest_StretchAboveTenPercent_ReportsPendingFiringAndTheDecisionAndExits3()
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-Minutes - 1);
        await using var prometheus = await PrometheusServer.StartAsync("global:\n  scrape_interval: 1s\n", async data =>
        {
            var input = Path.Combine(Path.GetDirectoryName(data)!, "history.om");
            await File.WriteAllTextAsync(input, History(start));
            var (exit, output) = await Tools.RunAsync("promtool", $"tsdb create-blocks-from openmetrics {input} {data}");
            exit.ShouldBe(0, output);
        });
        var dir = Directory.CreateTempSubdirectory("watchdog-backtest-");
        var config = Path.Combine(dir.FullName, "watchdog.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                DataDirectory = Path.Combine(dir.FullName, "data"),
                Prometheus = new { BaseUrl = prometheus.BaseUrl.ToString() },
                Services = new[]
                {
                    new
                    {
                        Name = "shop",
                        PollInterval = "1m",
                        Health = new { Url = "http://127.0.0.1:9/health" },
                        Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" },
                    },
                },
            },
        }));

        var (code, printed) = await WatchdogProcess.RunToExitAsync(dir.FullName, "backtest", "--config", config, "--service", "shop",
            "--from", start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), "--to", start.AddMinutes(Minutes).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), "--step", "1m");

        code.ShouldBe(3, printed);
        printed.ShouldContain("error-rate (ErrorRate > 10% for 5m): fired 1 time(s)");
        var pending = At(printed, "error-rate", "inactive → pending");
        var firing = At(printed, "error-rate", "pending → firing");
        pending.ShouldBeInRange(start.AddMinutes(61), start.AddMinutes(66), "the 5-minute rate crosses 10% a few minutes into the stretch");
        (firing - pending).ShouldBe(TimeSpan.FromMinutes(5), "firing only after the breach held for the rule's whole For");
        printed.ShouldContain("policy would decide: Rollback");
        printed.ShouldContain("service-down (Up < 1 for 1m): never fired");
        printed.ShouldContain("backtest: asking Prometheus for");
        printed.ShouldContain("backtest: read ErrorRate (");
        dir.Delete(recursive: true);
    }

    private static DateTimeOffset At(string printed, string rule, string transition)
    {
        var line = printed.Split('\n').Single(l => l.Contains(transition, StringComparison.Ordinal) && l.Contains(rule + " (", StringComparison.Ordinal));
        return DateTimeOffset.Parse(line.Trim()[..20], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
