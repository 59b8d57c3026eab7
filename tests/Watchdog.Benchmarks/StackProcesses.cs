using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watchdog.Benchmarks;

/// <summary>What the stack is asked to do: probe these URLs this often, alert after <see cref="For"/>, deliver to <see cref="Receiver"/>.</summary>
public sealed record StackPlan(IReadOnlyList<string> Targets, TimeSpan ScrapeInterval, TimeSpan EvaluationInterval, TimeSpan For, string Receiver);

/// <summary>
/// The stack Watchdog replaces, from its Debian packages: the blackbox exporter (module <c>http_2xx</c>), Prometheus
/// probing every target through it (the exporter's relabelling pattern) with one alert rule on <c>probe_success == 0</c>,
/// and Alertmanager delivering to the harness's webhook at once (<c>group_wait: 0s</c>, one group per instance).
/// Each runs as a child on loopback ports of its own, with its configuration and storage in the work directory.
/// </summary>
internal sealed class StackProcesses : IDisposable
{
    /// <summary>The Debian packages' binaries; the upstream tarballs' names are accepted too.</summary>
    private static readonly (string Label, string[] Names)[] Binaries =
    [
        ("blackbox exporter", ["prometheus-blackbox-exporter", "blackbox_exporter"]),
        ("prometheus", ["prometheus"]),
        ("alertmanager", ["prometheus-alertmanager", "alertmanager"]),
    ];

    public const string InstallHint = "apt-get install -y --no-install-recommends prometheus prometheus-alertmanager prometheus-blackbox-exporter";

    private readonly IReadOnlyList<(HostProcess Process, Uri Ready)> _children;

    private StackProcesses(IReadOnlyList<(HostProcess, Uri)> children) => _children = children;

    public IReadOnlyList<HostProcess> Processes => [.. _children.Select(c => c.Process)];

    /// <summary>The three binaries' paths, or the names of those missing from PATH.</summary>
    public static (IReadOnlyList<string> Paths, IReadOnlyList<string> Missing) Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var found = new List<string>();
        var missing = new List<string>();
        foreach (var (label, names) in Binaries)
        {
            var path = names.SelectMany(n => dirs.Select(d => Path.Combine(d, n))).FirstOrDefault(File.Exists);
            if (path is null) missing.Add($"{label} ({string.Join(" or ", names)})");
            else found.Add(path);
        }

        return (found, missing);
    }

    /// <summary>Writes the three configurations under <paramref name="workDir"/> and starts the stack; <paramref name="paths"/> come from <see cref="Find"/>.</summary>
    public static StackProcesses Start(IReadOnlyList<string> paths, StackPlan plan, string workDir)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, "stack")).FullName;
        int blackbox = FreePort(), prometheus = FreePort(), alertmanager = FreePort();
        File.WriteAllText(Path.Combine(dir, "blackbox.yml"), BlackboxConfig());
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), PrometheusConfig(plan, blackbox, alertmanager));
        File.WriteAllText(Path.Combine(dir, "rules.yml"), RulesConfig(plan));
        File.WriteAllText(Path.Combine(dir, "alertmanager.yml"), AlertmanagerConfig(plan));

        var children = new List<(HostProcess, Uri)>();
        try
        {
            children.Add(Spawn(paths[0], "blackbox exporter", dir, blackbox, "/-/healthy",
                $"--config.file={dir}/blackbox.yml", $"--web.listen-address=127.0.0.1:{blackbox}"));
            children.Add(Spawn(paths[1], "prometheus", dir, prometheus, "/-/ready",
                $"--config.file={dir}/prometheus.yml", $"--storage.tsdb.path={dir}/tsdb", $"--web.listen-address=127.0.0.1:{prometheus}"));
            // An empty cluster address turns the gossip mesh off: one Alertmanager, as one Watchdog.
            children.Add(Spawn(paths[2], "alertmanager", dir, alertmanager, "/-/ready",
                $"--config.file={dir}/alertmanager.yml", $"--storage.path={dir}/alertmanager", $"--web.listen-address=127.0.0.1:{alertmanager}", "--cluster.listen-address="));
        }
        catch
        {
            foreach (var (process, _) in children) process.Dispose();
            throw;
        }

        return new StackProcesses(children);
    }

    /// <summary>Waits until every child answers its readiness URL with 200; false if one exits first or <paramref name="limit"/> passes.</summary>
    public async Task<bool> ReadyAsync(HttpClient http, TimeSpan limit)
    {
        foreach (var (process, ready) in _children)
        {
            if (await CompareHarness.WaitOkAsync(http, () => ready, process, limit)) continue;
            process.Stop();
            process.Died("before it was ready");
            return false;
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var (process, _) in _children) process.Dispose();
    }

    private static (HostProcess, Uri) Spawn(string binary, string label, string dir, int port, string readyPath, params string[] args)
    {
        var info = new ProcessStartInfo(binary) { WorkingDirectory = dir };
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = HostProcess.Start(info, Path.Combine(dir, label.Replace(' ', '-') + ".log"), label);
        return (process, new Uri($"http://127.0.0.1:{port}{readyPath}"));
    }

    /// <summary>A port free a moment ago (the children bind their own; the race with another binder is accepted in a benchmark).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BlackboxConfig() => $"""
        modules:
          http_2xx:
            prober: http
            timeout: 5s
            http:
              preferred_ip_protocol: ip4
              headers:
                {ComparePeer.ProberHeader}: blackbox
        """;

    private static string PrometheusConfig(StackPlan plan, int blackbox, int alertmanager)
    {
        var targets = new StringBuilder();
        foreach (var t in plan.Targets) targets.Append(CultureInfo.InvariantCulture, $"\n          - '{t}'");
        // A probe may take as long as the interval, as Watchdog's may (its timeout is larger; 503s answer at once).
        return $"""
            global:
              scrape_interval: {Seconds(plan.ScrapeInterval)}
              scrape_timeout: {Seconds(plan.ScrapeInterval)}
              evaluation_interval: {Seconds(plan.EvaluationInterval)}
            rule_files:
              - rules.yml
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:{alertmanager}']
            scrape_configs:
              - job_name: blackbox
                metrics_path: /probe
                params:
                  module: [http_2xx]
                static_configs:
                  - targets:{targets}
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: __param_target
                  - source_labels: [__param_target]
                    target_label: instance
                  - target_label: __address__
                    replacement: 127.0.0.1:{blackbox}
            """;
    }

    private static string RulesConfig(StackPlan plan) => $"""
        groups:
          - name: compare
            rules:
              - alert: EndpointDown
                expr: probe_success == 0
                for: {Seconds(plan.For)}
        """;

    private static string AlertmanagerConfig(StackPlan plan) => $"""
        route:
          receiver: harness
          group_by: [instance]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: harness
            webhook_configs:
              - url: '{plan.Receiver}'
                send_resolved: false
        """;

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Round(t.TotalMilliseconds)}ms");
}
