using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Watchdog.Benchmarks;

/// <summary>
/// Idle footprint of the real host: one loopback Kestrel target serves <c>/svc/{n}/health</c> for
/// every fake service, a generated config makes Watchdog poll all of them, and the host runs as a
/// child process (<c>dotnet Watchdog.dll run --config FILE</c>) whose RSS and CPU are read from /proc.
/// </summary>
public static partial class FootprintHarness
{
    /// <summary>Exit code when the host binary is missing or dies before the measurement ends.</summary>
    public const int HostUnavailable = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse("footprint", args, FootprintOptions.Parse, out var options)) return 1;

        var work = Directory.CreateTempSubdirectory("watchdog-footprint-");
        try
        {
            await using var target = await HealthTarget.StartAsync(options.Services);
            Console.WriteLine($"target: {target.BaseUrl} serves /svc/0..{options.Services - 1}/health");

            // Prove the target answers before blaming the host for anything.
            var selfCheck = await target.SelfCheckAsync();
            Console.WriteLine($"target: self-check GET /svc/0/health -> {selfCheck}");

            var configPath = Path.Combine(work.FullName, "footprint.json");
            var dataDir = Directory.CreateDirectory(Path.Combine(work.FullName, "data")).FullName;
            await File.WriteAllTextAsync(configPath, Config(target.BaseUrl, options, dataDir));
            Console.WriteLine($"config: {configPath} ({options.Services} services, poll every {options.IntervalText})");
            target.ResetCount(); // the self-check does not count as polling

            var dll = options.WatchdogDll ?? DefaultWatchdogDll();
            if (!options.Floor && (dll is null || !File.Exists(dll)))
            {
                await Console.Error.WriteLineAsync(
                    $"footprint: Watchdog.dll (or with --watchdog, the native executable) not found at {dll ?? "(no repository root with Watchdog.sln above the current directory)"}.\n" +
                    "Build the host first with `dotnet build -c Release src/Watchdog` (from the repository root), or pass --watchdog PATH.");
                return HostUnavailable;
            }

            return await MeasureAsync(dll ?? "", configPath, dataDir, work.FullName, target, options);
        }
        finally
        {
            if (options.Keep) Console.WriteLine($"kept: {work.FullName}");
            else TryDelete(work);
        }
    }

    private static async Task<int> MeasureAsync(string dll, string configPath, string dataDir, string workDir, HealthTarget target, FootprintOptions options)
    {
        var logPath = Path.Combine(workDir, "watchdog.log");
        using var host = options.Floor
            ? HostProcess.Start(ProbeFloor.Child(target.BaseUrl, options.Services, options.Interval, workDir), logPath, "the floor")
            : HostProcess.Start(dll, configPath, dataDir, workDir, logPath);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            Console.WriteLine($"host: pid {host.Pid}, dotnet {dll} run --config {configPath} --urls http://127.0.0.1:0");
            Console.WriteLine($"host: warming up for {options.Warmup.TotalSeconds:0} s ...");
            if (!await host.WaitAliveAsync(options.Warmup, cancel.Token))
                return host.Died("during warm-up");

            var ready = host.ListeningOn is { } url ? await target.ProbeAsync(new Uri(new Uri(url), "/readyz")) : "unknown (no 'listening on' line in its log)";
            Console.WriteLine($"host: listening on {host.ListeningOn ?? "?"}, /readyz -> {ready}");
            if (target.FirstServedAt is var firstProbe and > 0)
            {
                // The first round after a start is squeezed into 20 ms a service (PollPhase.FirstLook): the earliest look
                // follows the scheduler's start by that much at most, so the time to the first probe is the start-up's own.
                var earliest = Enumerable.Range(0, options.Services)
                    .Min(n => Watchdog.Core.Runbook.PollPhase.FirstLook(FleetLateness.Name(n), options.Interval, host.SpawnedAt, options.Services) - host.SpawnedAt);
                Console.WriteLine($"host: cold start, spawn to the first probe at the target: {Stopwatch.GetElapsedTime(host.StartedAt, firstProbe).TotalSeconds:0.000} s "
                    + $"(the earliest service's first look is {earliest.TotalMilliseconds:0.0} ms after the scheduler starts)");
            }

            var clockTicks = ClockTicksPerSecond();
            var servedBefore = target.Served;
            var perServiceBefore = target.PerService();
            var start = ProcStat.Read(host.Pid);
            var clock = Stopwatch.StartNew();
            var rss = new List<double>();
            Console.WriteLine($"host: measuring for {options.Window.TotalSeconds:0} s (sampling /proc/{host.Pid} every second) ...");

            while (clock.Elapsed < options.Window)
            {
                if (!await host.WaitAliveAsync(TimeSpan.FromSeconds(1), cancel.Token))
                    return host.Died("during the measurement");
                if (ProcStat.RssMegabytes(host.Pid) is { } mb) rss.Add(mb);
            }

            var end = ProcStat.Read(host.Pid);
            var elapsed = clock.Elapsed.TotalSeconds;
            var served = target.Served - servedBefore;
            var perService = target.PerService().Zip(perServiceBefore, (a, b) => a - b).ToArray();
            var cpuSeconds = (end.Ticks - start.Ticks) / (double)clockTicks;
            var expected = options.Services * elapsed / options.Interval.TotalSeconds;

            Console.WriteLine();
            Console.WriteLine($"{(options.Floor ? "Floor (bare HttpClient)" : "Watchdog")} footprint: {options.Services} services, poll interval {options.IntervalText}, window {elapsed:0} s after {options.Warmup.TotalSeconds:0} s warm-up");
            Console.WriteLine(rss.Count == 0
                ? "  idle RSS:     no samples"
                : $"  idle RSS:     min {rss.Min():0.0} MB, avg {rss.Average():0.0} MB, max {rss.Max():0.0} MB ({rss.Count} samples; peak since start {end.PeakRssMb:0.0} MB)");
            Console.WriteLine($"  CPU:          {cpuSeconds / elapsed * 100:0.00}% of one core ({cpuSeconds:0.00} s CPU in {elapsed:0.0} s; CLK_TCK {clockTicks})");
            Console.WriteLine($"  threads:      {end.Threads}");
            Console.WriteLine($"  health polls: {served} served in the window (expected about {expected:0}), per service min {perService.Min()} / max {perService.Max()}; {target.Served} since the host started");
            Smaps.Print(host.Pid);
            if (served < expected * 0.8)
                Console.WriteLine($"  WARNING: fewer polls than the schedule implies; see the host log {logPath} (use --keep to keep it)");
            return 0;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("footprint: interrupted");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            host.Stop();
        }
    }

    /// <summary>The config the host is pointed at: every service healthy, every command harmless.</summary>
    public static string Config(string targetBaseUrl, FootprintOptions options, string dataDir)
    {
        var services = new JsonArray();
        for (int n = 0; n < options.Services; n++)
        {
            var service = new JsonObject
            {
                ["Name"] = FleetLateness.Name(n),
                ["PollInterval"] = options.IntervalText,
                ["Health"] = new JsonObject
                {
                    ["Url"] = $"{targetBaseUrl.TrimEnd('/')}/svc/{n}/health",
                    ["Timeout"] = "5s",
                    ["Window"] = "5m",
                },
                ["Provider"] = new JsonObject
                {
                    ["Type"] = "Command",
                    ["List"] = "echo v1",
                    ["Current"] = "echo v1",
                    ["Rollback"] = "true",
                },
            };
            if (options.LiveCheck is { } every) service["LiveCheckInterval"] = every;
            services.Add(service);
        }

        var root = new JsonObject
        {
            ["Watchdog"] = new JsonObject
            {
                ["Mode"] = "Auto",
                ["DataDirectory"] = dataDir,
                ["Services"] = services,
            },
        };
        if (options.Postgres is { } cs)
            root["Watchdog"]!["Store"] = new JsonObject { ["Type"] = "Postgres", ["ConnectionString"] = cs };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary><c>src/Watchdog/bin/Release/net10.0/Watchdog.dll</c> under the first directory above here that holds Watchdog.sln.</summary>
    public static string? DefaultWatchdogDll()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Watchdog.sln")))
                    return Path.Combine(dir.FullName, "src", "Watchdog", "bin", "Release", "net10.0", "Watchdog.dll");
            }
        }

        return null;
    }

    internal static long ClockTicksPerSecond()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null)
            {
                var text = getconf.StandardOutput.ReadToEnd().Trim();
                getconf.WaitForExit();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) && ticks > 0) return ticks;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: Linux's USER_HZ is 100 everywhere that matters.
        }

        return 100;
    }

    /// <summary>A mode's options, or false with the reason printed as <c>{mode}: …</c>.</summary>
    internal static bool TryParse<T>(string mode, string[] args, Func<string[], T> parse, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? options)
    {
        try
        {
            options = parse(args)!;
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{mode}: {e.Message}");
            options = default;
            return false;
        }
    }

    internal static void TryDelete(DirectoryInfo dir)
    {
        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"listening on:?\s*\[?""?(https?://[^\s""\],]+)", RegexOptions.IgnoreCase)]
    internal static partial Regex ListeningOn();
}

/// <summary>Command-line options of the footprint mode.</summary>
public sealed record FootprintOptions(string? WatchdogDll, TimeSpan Warmup, TimeSpan Window, int Services, TimeSpan Interval, string IntervalText, bool Keep)
{
    /// <summary>Written as each service's <c>LiveCheckInterval</c> when set; the product default (1m) otherwise.</summary>
    public string? LiveCheck { get; init; }

    /// <summary>When set, the host keeps its journal on this PostgreSQL database instead of SQLite.</summary>
    public string? Postgres { get; init; }

    /// <summary>Measure <see cref="ProbeFloor"/> (the same GETs from a bare HttpClient) instead of the host.</summary>
    public bool Floor { get; init; }

    public static FootprintOptions Parse(string[] args)
    {
        string? dll = null;
        double warmup = 30, seconds = 120;
        int services = 100;
        string interval = "10s";
        bool keep = false;
        string? liveCheck = null;
        string? postgres = null;
        bool floor = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Seconds(string name, double min)
            {
                var text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min
                    ? v
                    : throw new ArgumentException($"{name} must be a number of seconds >= {min}, not '{text}'");
            }

            switch (args[i])
            {
                case "--watchdog": dll = Path.GetFullPath(Value()); break;
                case "--warmup": warmup = Seconds("--warmup", 0); break;
                case "--seconds": seconds = Seconds("--seconds", 1); break;
                case "--services":
                    services = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 10_000
                        ? s
                        : throw new ArgumentException("--services must be 1..10000");
                    break;
                case "--interval": interval = Value(); break;
                case "--keep": keep = true; break;
                case "--live-check": liveCheck = Value(); break;
                case "--postgres": postgres = Value(); break;
                case "--floor": floor = true; break;
                default: throw new ArgumentException($"unknown option '{args[i]}' (see --help)");
            }
        }

        if (!TryDuration(interval, out var every) || every <= TimeSpan.Zero)
            throw new ArgumentException($"--interval '{interval}' is not a duration such as 10s, 500ms or 00:00:10");
        return new FootprintOptions(dll, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), services, every, interval, keep) { LiveCheck = liveCheck, Postgres = postgres, Floor = floor };
    }

    /// <summary>The same duration forms the host accepts: <c>00:00:10</c>, <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>2h</c>.</summary>
    internal static bool TryDuration(string text, out TimeSpan value)
    {
        if (text.Contains(':', StringComparison.Ordinal)) return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        foreach (var (unit, scale) in new[] { ("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0) })
        {
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
            {
                value = TimeSpan.FromSeconds(n * scale);
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>A loopback Kestrel server answering <c>GET /svc/{n}/health</c> with 200 <c>{"status":"ok"}</c> and counting.</summary>
public sealed class HealthTarget : IAsyncDisposable
{
    private const string Body = """{"status":"ok"}""";
    private readonly WebApplication _app;
    private readonly long[] _counts;
    private readonly ConcurrentQueue<Arrival>? _arrivals;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(5) };

    private HealthTarget(WebApplication app, long[] counts, ConcurrentQueue<Arrival>? arrivals, string baseUrl)
    {
        _app = app;
        _counts = counts;
        _arrivals = arrivals;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>When each request arrived (wall clock, as the host's schedule is), if the target was started to record them.</summary>
    public IReadOnlyList<Arrival> Arrivals(DateTimeOffset from, DateTimeOffset to) =>
        _arrivals is null ? [] : [.. _arrivals.Where(a => a.At >= from && a.At < to)];

    public long Served => PerService().Sum();

    public long[] PerService()
    {
        var copy = new long[_counts.Length];
        for (int i = 0; i < copy.Length; i++) copy[i] = Interlocked.Read(ref _counts[i]);
        return copy;
    }

    /// <param name="recordArrivals">Keep every request's arrival time (the fleet mode's lateness), not just the counts.</param>
    public static async Task<HealthTarget> StartAsync(int services, bool recordArrivals = false)
    {
        var counts = new long[services];
        var first = new long[1];
        var arrivals = recordArrivals ? new ConcurrentQueue<Arrival>() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/svc/{n:int}/health", (int n) =>
        {
            if (n < 0 || n >= counts.Length) return Results.NotFound();
            arrivals?.Enqueue(new Arrival(n, DateTimeOffset.UtcNow));
            Interlocked.CompareExchange(ref first[0], Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref counts[n]);
            return Results.Text(Body, "application/json");
        });
        await app.StartAsync();
        var url = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the target bound no address");
        return new HealthTarget(app, counts, arrivals, url) { _first = first };
    }

    /// <summary>When the first health request arrived (<see cref="Stopwatch"/> ticks) since the last reset; 0 before.</summary>
    public long FirstServedAt => Interlocked.Read(ref _first[0]);

    private long[] _first = new long[1];

    public void ResetCount()
    {
        Array.Clear(_first);
        Array.Clear(_counts);
        _arrivals?.Clear();
    }

    public Task<string> SelfCheckAsync() => ProbeAsync(new Uri($"{BaseUrl}/svc/0/health"));

    public async Task<string> ProbeAsync(Uri url)
    {
        try
        {
            using var response = await _client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            return $"{(int)response.StatusCode} {body.Trim()}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"failed: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request to <c>/svc/{n}/health</c>: which service, and when it arrived.</summary>
public readonly record struct Arrival(int Service, DateTimeOffset At);

/// <summary>The host as a child process, its output teed into a log file.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _logPath;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    private HostProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        _logPath = logPath;
    }

    public int Pid => _process.Id;

    /// <summary>What <see cref="Died"/> calls the child.</summary>
    public string Label { get; private init; } = "the host";

    public string? ListeningOn { get; private set; }

    /// <summary>When the process was spawned (<see cref="Stopwatch"/> ticks): cold start is counted from here.</summary>
    public long StartedAt { get; private set; }

    /// <summary>The wall-clock instant of the spawn, against which the services' poll phases are placed.</summary>
    public DateTimeOffset SpawnedAt { get; private set; }

    /// <param name="dll">A <c>Watchdog.dll</c> (run through <c>dotnet</c>) or a native executable (run as itself).</param>
    public static HostProcess Start(string dll, string configPath, string dataDir, string workDir, string logPath)
    {
        var native = !dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(native ? dll : "dotnet")
        {
            // Not the repository: an appsettings.json in the working directory must not leak in.
            WorkingDirectory = workDir,
        };
        if (!native) info.ArgumentList.Add(dll);
        foreach (var a in new[] { "run", "--config", configPath, "--urls", "http://127.0.0.1:0" }) info.ArgumentList.Add(a);
        info.Environment["Watchdog__DataDirectory"] = dataDir;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Start(info, logPath);
    }

    /// <summary>Any child (the comparison's Prometheus stack too), its stdout and stderr teed into <paramref name="logPath"/>.</summary>
    public static HostProcess Start(ProcessStartInfo info, string logPath, string label = "the host")
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, new StreamWriter(logPath) { AutoFlush = true }, logPath) { Label = label };
        process.OutputDataReceived += (_, e) => host.Line(e.Data);
        process.ErrorDataReceived += (_, e) => host.Line(e.Data);
        host.StartedAt = Stopwatch.GetTimestamp();
        host.SpawnedAt = DateTimeOffset.UtcNow;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits <paramref name="duration"/>; false if the host exits meanwhile.</summary>
    public async Task<bool> WaitAliveAsync(TimeSpan duration, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(duration);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return true;
        }
    }

    public int Died(string when)
    {
        _process.WaitForExit(); // drains the redirected output
        Console.Error.WriteLine($"footprint: {Label} exited with code {_process.ExitCode} {when}; the last lines of its output (all of it in {_logPath} with --keep):");
        lock (_gate)
        {
            foreach (var line in _tail) Console.Error.WriteLine("  | " + line);
        }

        return FootprintHarness.HostUnavailable;
    }

    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > 30) _tail.Dequeue();
            if (ListeningOn is null && FootprintHarness.ListeningOn().Match(line) is { Success: true } m)
                ListeningOn = m.Groups[1].Value.TrimEnd('.', ',');
        }
    }
}

/// <summary>What /proc says about one process.</summary>
internal readonly record struct ProcStat(long Ticks, double PeakRssMb, int Threads)
{
    /// <summary>utime + stime from /proc/PID/stat, VmHWM and Threads from /proc/PID/status.</summary>
    public static ProcStat Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // fields 14, 15
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return new ProcStat(ticks, Kilobytes(status, "VmHWM:") / 1024.0, (int)Kilobytes(status, "Threads:"));
    }

    public static double? RssMegabytes(int pid)
    {
        try
        {
            return Kilobytes(File.ReadAllLines($"/proc/{pid}/status"), "VmRSS:") / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(string[] status, string key)
    {
        var line = status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        if (line is null) return 0;
        var number = line[key.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
