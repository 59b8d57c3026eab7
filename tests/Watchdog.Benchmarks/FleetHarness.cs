using System.Diagnostics;
using System.Globalization;

namespace Watchdog.Benchmarks;

/// <summary>
/// The real host watching a fleet: for each size, one loopback peer answers <c>/svc/{n}/health</c> for every service and
/// records when each probe arrived; a generated config polls them all; the host runs as a child (as in the footprint mode).
/// Measured per size: time from spawning the host to <c>/readyz</c> answering 200, each probe's lateness against its own
/// schedule over a steady window after the warm-up, and the host's CPU and RSS over that window.
/// </summary>
public static class FleetHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!FootprintHarness.TryParse("fleet", args, FleetOptions.Parse, out var options)) return 1;

        var dll = options.WatchdogDll ?? FootprintHarness.DefaultWatchdogDll();
        if (dll is null || !File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"fleet: Watchdog.dll not found at {dll ?? "(no Watchdog.sln above here)"}; build it with `dotnet build -c Release src/Watchdog` or pass --watchdog PATH.");
            return FootprintHarness.HostUnavailable;
        }

        Console.WriteLine($"fleet: {dll}; sizes {string.Join(", ", options.Sizes)}; poll every {options.IntervalText}; warm-up {options.Warmup.TotalSeconds:0} s, window {options.Window.TotalSeconds:0} s; " +
            $"LiveCheckInterval {options.LiveCheck}; schedule expected {options.Expect.ToString().ToLowerInvariant()}");
        var rows = new List<FleetRow>();
        foreach (var size in options.Sizes)
        {
            var row = await MeasureAsync(dll, size, options);
            if (row is null) return FootprintHarness.HostUnavailable;
            Console.WriteLine(row.Line());
            rows.Add(row);
        }

        Console.WriteLine();
        Console.WriteLine(FleetRow.Header);
        foreach (var row in rows) Console.WriteLine(row.TableRow());
        return 0;
    }

    private static async Task<FleetRow?> MeasureAsync(string dll, int size, FleetOptions options)
    {
        var work = Directory.CreateTempSubdirectory("watchdog-fleet-");
        try
        {
            await using var target = await HealthTarget.StartAsync(size, recordArrivals: true);
            var configPath = Path.Combine(work.FullName, "fleet.json");
            var dataDir = Directory.CreateDirectory(Path.Combine(work.FullName, "data")).FullName;
            await File.WriteAllTextAsync(configPath, FootprintHarness.Config(target.BaseUrl, options.For(size), dataDir));

            using var host = HostProcess.Start(dll, configPath, dataDir, work.FullName, Path.Combine(work.FullName, "watchdog.log"));
            var spawned = Stopwatch.StartNew();
            if (await ReadyAsync(host, target) is null) return Died(host, "before /readyz answered");
            var readyIn = spawned.Elapsed;
            var cpuToReady = ProcStat.Read(host.Pid).Ticks / (double)FootprintHarness.ClockTicksPerSecond();

            if (!await host.WaitAliveAsync(options.Warmup, CancellationToken.None)) return Died(host, "during warm-up");
            var from = DateTimeOffset.UtcNow;
            var start = ProcStat.Read(host.Pid);
            var clock = Stopwatch.StartNew();
            var rss = new List<double>();
            while (clock.Elapsed < options.Window)
            {
                if (!await host.WaitAliveAsync(TimeSpan.FromSeconds(1), CancellationToken.None)) return Died(host, "during the window");
                if (ProcStat.RssMegabytes(host.Pid) is { } mb) rss.Add(mb);
            }

            var end = ProcStat.Read(host.Pid);
            var to = DateTimeOffset.UtcNow;
            var elapsed = clock.Elapsed.TotalSeconds;
            var arrivals = target.Arrivals(from, to);
            var perService = arrivals.CountBy(a => a.Service).ToDictionary();
            var expectedEach = elapsed / options.Interval.TotalSeconds;
            return new FleetRow(size, readyIn, cpuToReady, FleetLateness.Of(arrivals, options.Interval, options.Expect),
                (end.Ticks - start.Ticks) / (double)FootprintHarness.ClockTicksPerSecond() / elapsed * 100,
                rss.DefaultIfEmpty(double.NaN).Average(), rss.DefaultIfEmpty(double.NaN).Max(), end.Threads,
                arrivals.Count, size * expectedEach, Enumerable.Range(0, size).Min(n => perService.GetValueOrDefault(n)));
        }
        finally
        {
            if (options.Keep) Console.WriteLine($"kept: {work.FullName}");
            else FootprintHarness.TryDelete(work);
        }
    }

    /// <summary>Asks <c>/readyz</c> every 20 ms once the host says where it listens; its answer once it is 200, null if the host died or 5 minutes passed.</summary>
    private static async Task<string?> ReadyAsync(HostProcess host, HealthTarget target)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (host.ListeningOn is { } url && await target.ProbeAsync(new Uri(new Uri(url), "/readyz")) is { } answer && answer.StartsWith("200", StringComparison.Ordinal))
                return answer;
            if (!await host.WaitAliveAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None)) return null;
        }

        return null;
    }

    private static FleetRow? Died(HostProcess host, string when)
    {
        host.Died(when);
        return null;
    }
}

/// <summary>One size's measurements.</summary>
public sealed record FleetRow(int Services, TimeSpan ReadyIn, double CpuToReadySeconds, FleetLateness Late, double CpuPercent, double RssAvgMb, double RssMaxMb, int Threads,
    int Probes, double ExpectedProbes, int FewestPerService)
{
    public const string Header = """
        | endpoints | /readyz after (CPU s) | lateness p50 | p99 | max | CPU (one core) | RSS avg / max | threads | probes in window (expected) | fewest per service | busiest second |
        |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"fleet: {Services} endpoints: ready in {ReadyIn.TotalSeconds:0.00} s ({CpuToReadySeconds:0.00} s CPU); lateness p50 {Late.P50Ms:0.0} ms, p99 {Late.P99Ms:0.0} ms, max {Late.MaxMs:0.0} ms (min {Late.MinMs:0.0}); " +
        $"CPU {CpuPercent:0.00}%; RSS avg {RssAvgMb:0} MB, max {RssMaxMb:0} MB; {Threads} threads; {Probes} probes (expected {ExpectedProbes:0}), fewest per service {FewestPerService}; busiest second {Late.BusiestSecond}");

    public string TableRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Services:N0} | {ReadyIn.TotalSeconds:0.00} s ({CpuToReadySeconds:0.0}) | {Late.P50Ms:0.0} ms | {Late.P99Ms:0.0} ms | {Late.MaxMs:0} ms | {CpuPercent:0.0}% | {RssAvgMb:0} / {RssMaxMb:0} MB | {Threads} | {Probes:N0} ({ExpectedProbes:N0}) | {FewestPerService} | {Late.BusiestSecond} |");
}
