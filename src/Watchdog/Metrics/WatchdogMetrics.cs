using Prometheus;
using Watchdog.Configuration;
using Watchdog.Hosting;

namespace Watchdog.Metrics;

/// <summary>
/// Watchdog's /metrics, through prometheus-net on a registry owned by this host (two hosts in one process,
/// as in the tests, never share a counter). Every counter is created at start for each known label value,
/// so a <c>rate()</c> or <c>increase()</c> alert sees the first event rather than the series appearing with it.
/// </summary>
public sealed class WatchdogMetrics
{
    /// <summary>Prometheus text format 0.0.4, which every scraper and promtool read.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly CollectorRegistry _registry;
    private readonly Counter _polls;
    private readonly Counter _pollFailures;

    /// <param name="shadow">The shadow record's report, as gauges; none without it (a metrics test of its own).</param>
    public WatchdogMetrics(CollectorRegistry registry, WatchdogRuntime runtime, WatchdogSettings settings, ShadowScores? shadow = null)
    {
        _registry = registry;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _polls = f.CreateCounter("watchdog_polls_total", "Polling ticks run, per service.", ["service"]);
        _pollFailures = f.CreateCounter("watchdog_poll_failures_total", "Polling ticks that threw, per service.", ["service"]);
        foreach (var s in settings.Services)
        {
            _polls.WithLabels(s.Name);
            _pollFailures.WithLabels(s.Name);
        }

        var live = new LiveGauges(f, runtime, settings);
        registry.AddBeforeCollectCallback(live.Refresh);
        if (shadow is not null) registry.AddBeforeCollectCallback(new ShadowGauges(f, shadow).Refresh);
    }

    /// <summary>Collects into memory first: the library writes many small pieces, each a write of its own to a response body.</summary>
    public async Task ExportAsync(Stream to, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(64 * 1024);
        await _registry.CollectAndExportAsTextAsync(buffer, cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(to, cancellationToken);
    }

    public void Polled(string service, bool failed)
    {
        _polls.WithLabels(service).Inc();
        if (failed) _pollFailures.WithLabels(service).Inc();
    }

    /// <summary>Prometheus label values in snake_case: <c>ErrorRate</c> → <c>error_rate</c>.</summary>
    public static string Snake<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1])) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}
