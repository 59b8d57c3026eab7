using Watchdog.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Prometheus;

/// <summary>
/// Range queries against a real Prometheus loaded with two hours of known history through
/// <c>promtool tsdb create-blocks-from openmetrics</c>: 1,000 requests a minute, 2% failing, except
/// 15% failing in minutes 61–80.
/// </summary>
public sealed class RealPrometheusHistoryTests : IDisposable
{
    private const int Minutes = 120;
    private const int StretchFrom = 61;
    private const int StretchTo = 80;

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private static bool InStretch(int minute) => minute is >= StretchFrom and <= StretchTo;

    private static int Errors(int minute) => InStretch(minute) ? 150 : 20;

    /// <summary>
    /// OpenMetrics with a sample per series per minute (timestamps in seconds), each series' samples in time
    /// order and ending in <c># EOF</c>, as promtool requires. promtool cuts 2-hour blocks aligned to the epoch
    /// itself; the samples only need to be within retention and not in the future.
    /// </summary>
    private static string History(DateTimeOffset start)
    {
        var sb = new StringBuilder();
        void Series(string labels, Func<int, double> valueAt)
        {
            for (var k = 0; k <= Minutes; k++)
                sb.Append(CultureInfo.InvariantCulture, $"{labels} {valueAt(k)} {start.AddMinutes(k).ToUnixTimeSeconds()}\n");
        }

        long ok = 0, failed = 0;
        var okAt = new long[Minutes + 1];
        var failedAt = new long[Minutes + 1];
        for (var k = 1; k <= Minutes; k++)
        {
            okAt[k] = ok += 1000 - Errors(k);
            failedAt[k] = failed += Errors(k);
        }

        Series("""http_requests_total{service="shop",code="200"}""", k => okAt[k]);
        Series("""http_requests_total{service="shop",code="500"}""", k => failedAt[k]);
        Series("""shop_error_ratio{service="shop"}""", k => Errors(k) / 1000.0);
        sb.Append("# EOF\n");
        return sb.ToString();
    }

    private static async Task<PrometheusServer> LoadedWith(string openMetrics)
    {
        return await PrometheusServer.StartAsync("global:\n  scrape_interval: 1s\n", async data =>
        {
            var input = Path.Combine(Path.GetDirectoryName(data)!, "history.om");
            await File.WriteAllTextAsync(input, openMetrics);
            var psi = new ProcessStartInfo(PrometheusFactAttribute.Find("promtool") ?? "promtool")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { "tsdb", "create-blocks-from", "openmetrics", input, data }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var errors = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            p.ExitCode.ShouldBe(0, await output + await errors);
        });
    }

    /// <summary>Whole minutes, two hours back, so the last sample is not in the future.</summary>
    private static DateTimeOffset HistoryStart()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-Minutes - 1);
    }

    [PrometheusFact]
    public async Task QueryRange_ReturnsTheBackfilledValuesAtEachStep()
    {
        var start = HistoryStart();
        await using var server = await LoadedWith(History(start));
        var client = new PrometheusClient(_http, new PrometheusOptions { BaseUrl = server.BaseUrl }, TimeProvider.System);

        var r = await client.QueryRangeAsync("""shop_error_ratio{service="shop"}""", start, start.AddMinutes(Minutes), TimeSpan.FromMinutes(1), CancellationToken.None);

        r.Failure.ShouldBeNull(server.LogTail);
        var series = r.Series.ShouldHaveSingleItem();
        series.Labels["service"].ShouldBe("shop");
        series.Samples.Select(s => s.At).ShouldBe(Enumerable.Range(0, Minutes + 1).Select(k => start.AddMinutes(k)));
        series.Samples.Select(s => s.Value).ShouldBe(Enumerable.Range(0, Minutes + 1).Select(k => Errors(k) / 1000.0));
    }

    [PrometheusFact]
    public async Task ReadRange_DefaultErrorRateOverHistory_ShowsTheStretchAboveTenPercent()
    {
        var start = HistoryStart();
        await using var server = await LoadedWith(History(start));
        var options = new PrometheusOptions { BaseUrl = server.BaseUrl };
        options.Queries.Remove(Signal.LatencyP95);
        var source = new PrometheusSource(_http, options, "shop", TimeProvider.System, new ListLogger<PrometheusSource>());

        var readings = await source.ReadRangeAsync(start, start.AddMinutes(Minutes), TimeSpan.FromMinutes(1), CancellationToken.None);

        var errorRate = readings.Where(x => x.Signal == Signal.ErrorRate).ToList();
        errorRate.Count.ShouldBe(Minutes + 1);
        errorRate.Skip(1).ShouldAllBe(x => x.State == ReadingState.Value, server.LogTail); // rate() needs two samples
        double At(int minute) => errorRate[minute].Value;
        // Where the whole 5-minute window is inside or outside the stretch, the rate is exact.
        foreach (var k in Enumerable.Range(StretchFrom + 5, StretchTo - StretchFrom - 4)) At(k).ShouldBe(0.15, 1e-9, $"minute {k}");
        foreach (var k in Enumerable.Range(10, 50).Concat(Enumerable.Range(StretchTo + 6, Minutes - StretchTo - 6))) At(k).ShouldBe(0.02, 1e-9, $"minute {k}");
        // Above 10% only while the window overlaps the stretch.
        errorRate.Select((x, k) => (x.Value, k)).Where(p => p.Value > 0.10).ShouldAllBe(p => p.k > StretchFrom && p.k < StretchTo + 5);
        errorRate[70].Samples.ShouldBe(5000);
        readings.Where(x => x.Signal == Signal.Availability).Select(x => x.Value).ElementAt(70).ShouldBe(0.85, 1e-9);
    }
}
