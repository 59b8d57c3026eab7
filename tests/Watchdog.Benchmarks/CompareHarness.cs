using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watchdog.Benchmarks;

/// <summary>
/// Watchdog beside the blackbox exporter + Prometheus + Alertmanager stack, in one run, on one fake app
/// (<see cref="ComparePeer"/>). Footprint: both probe the same N endpoints every interval while their processes are
/// sampled over the same seconds. Detection: both probe R endpoints every poll with a rule held for <c>for:</c>; in run r
/// endpoint r turns to 503 and the harness times, on its own clock, how long after the fault each side's alert reaches it.
/// Without the stack's Debian packages only Watchdog is measured.
/// </summary>
public static class CompareHarness
{
    private const string WebhookSecret = "compare-harness-webhook-secret-0123456789";
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!FootprintHarness.TryParse("compare", args, CompareOptions.Parse, out var options)) return 1;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // the tables are read and pasted as they are
        var dll = options.WatchdogDll ?? FootprintHarness.DefaultWatchdogDll();
        if (dll is null || !File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"compare: Watchdog not found at {dll ?? "(no Watchdog.sln above here)"}; build it with `dotnet build -c Release src/Watchdog` or pass --watchdog PATH.");
            return FootprintHarness.HostUnavailable;
        }

        var (paths, missing) = StackProcesses.Find();
        var stack = missing.Count == 0 && !options.WatchdogOnly ? paths : null;
        Console.WriteLine($"compare: Watchdog {dll}");
        Console.WriteLine(stack is not null ? $"compare: stack {string.Join(", ", stack)}"
            : options.WatchdogOnly ? "compare: the stack is left out (--watchdog-only): measuring Watchdog only."
            : $"compare: the stack is not installed (missing {string.Join("; ", missing)}): measuring Watchdog only. To compare, `{StackProcesses.InstallHint}` (as root).");
        Console.WriteLine($"compare: load average at the start {LoadAverage()}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var report = new CompareReport(options, stack is not null);
        if (options.Parts.HasFlag(CompareParts.Footprint))
        {
            report.Footprint = await FootprintAsync(dll, stack, options, http);
            if (report.Footprint is null) return FootprintHarness.HostUnavailable;
        }

        if (options.Parts.HasFlag(CompareParts.Detection))
        {
            report.Detection = await DetectionAsync(dll, stack, options, http);
            if (report.Detection is null) return FootprintHarness.HostUnavailable;
        }

        Console.WriteLine($"compare: load average at the end {LoadAverage()}");
        report.Print(Console.Out);
        return 0;
    }

    /// <summary>Asks <paramref name="url"/> every 20 ms (once it is known) until it answers 200; false if the process exits first or the limit passes.</summary>
    internal static async Task<bool> WaitOkAsync(HttpClient http, Func<Uri?> url, HostProcess process, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (url() is { } u)
            {
                try
                {
                    using var response = await http.GetAsync(u);
                    if (response.IsSuccessStatusCode) return true;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }
            }

            if (!await process.WaitAliveAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None)) return false;
        }

        return false;
    }

    private static async Task<FootprintPart?> FootprintAsync(string dll, IReadOnlyList<string>? stackPaths, CompareOptions options, HttpClient http)
    {
        var work = Directory.CreateTempSubdirectory("watchdog-compare-footprint-");
        try
        {
            await using var peer = await ComparePeer.StartAsync(options.Endpoints);
            var dataDir = Directory.CreateDirectory(Path.Combine(work.FullName, "data")).FullName;
            var config = WatchdogConfig(peer, options.Endpoints, options.Interval, options.IntervalText, dataDir, options.LiveCheck);
            Console.WriteLine($"footprint: {options.Endpoints} endpoints on {peer.BaseUrl}, probed every {options.IntervalText} by both");

            var (host, stack) = await StartBothAsync(dll, stackPaths, work.FullName, dataDir, config,
                new StackPlan([.. Enumerable.Range(0, options.Endpoints).Select(peer.HealthUrl)], options.Interval, options.Interval, TimeSpan.FromMinutes(5), $"{peer.BaseUrl}/alertmanager"),
                http);
            using var hostOwner = host;
            using var stackOwner = stack;
            if (host is null || (stackPaths is not null && stack is null)) return null;

            Console.WriteLine($"footprint: warming up for {options.Warmup.TotalSeconds:0} s ...");
            if (!await host.WaitAliveAsync(options.Warmup, CancellationToken.None)) return Died<FootprintPart>(host, "during warm-up");
            var before = (Watchdog: peer.Served("watchdog"), Stack: peer.Served("blackbox"));
            Console.WriteLine($"footprint: sampling /proc every second for {options.Window.TotalSeconds:0} s ...");
            List<ProcessGroup> groups = [new("Watchdog", [host])];
            if (stack is not null) groups.Add(new("stack", stack.Processes));
            var clock = Stopwatch.StartNew();
            var sampled = await ProcessGroupSampler.SampleAsync(groups, options.Window, CancellationToken.None);
            if (sampled is null) return null;
            var expected = options.Endpoints * clock.Elapsed.TotalSeconds / options.Interval.TotalSeconds;
            return new FootprintPart(sampled[0], stack is null ? null : sampled[1],
                peer.Served("watchdog") - before.Watchdog, peer.Served("blackbox") - before.Stack, expected);
        }
        finally
        {
            Finish(work, options.Keep);
        }
    }

    private static async Task<DetectionPart?> DetectionAsync(string dll, IReadOnlyList<string>? stackPaths, CompareOptions options, HttpClient http)
    {
        var work = Directory.CreateTempSubdirectory("watchdog-compare-detection-");
        try
        {
            // One endpoint per run, so that every run is a fresh incident and a fresh Alertmanager group (group_wait applies).
            await using var peer = await ComparePeer.StartAsync(options.Runs);
            var dataDir = Directory.CreateDirectory(Path.Combine(work.FullName, "data")).FullName;
            var pollText = $"{options.DetectPoll.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
            var config = WatchdogConfig(peer, options.Runs, options.DetectPoll, pollText, dataDir, "0");
            foreach (var service in config["Watchdog"]!["Services"]!.AsArray()) HardDownRule(service!.AsObject(), options);
            Console.WriteLine($"detection: {options.Runs} endpoints on {peer.BaseUrl}, probed every {pollText} by both, alert after {Format(options.For)}");

            var (host, stack) = await StartBothAsync(dll, stackPaths, work.FullName, dataDir, config,
                new StackPlan([.. Enumerable.Range(0, options.Runs).Select(peer.HealthUrl)], options.DetectPoll, options.DetectPoll, options.For, $"{peer.BaseUrl}/alertmanager"),
                http);
            using var hostOwner = host;
            using var stackOwner = stack;
            if (host is null || (stackPaths is not null && stack is null)) return null;

            // Both must have probed every endpoint a few times, healthy, before the first fault.
            var warm = Stopwatch.StartNew();
            while (peer.Served("watchdog") < 3 * options.Runs || (stack is not null && peer.Served("blackbox") < 3 * options.Runs))
            {
                if (warm.Elapsed > StartLimit) return Died<DetectionPart>(host, "without probing every endpoint (see its log with --keep)");
                if (!await host.WaitAliveAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None)) return Died<DetectionPart>(host, "during warm-up");
            }

            if (!await host.WaitAliveAsync(options.DetectPoll * 3, CancellationToken.None)) return Died<DetectionPart>(host, "during warm-up");

            var runs = new List<DetectionRun>();
            for (int r = 0; r < options.Runs; r++)
            {
                // The fault lands anywhere within a poll interval, as a real one would.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.DetectPoll.TotalMilliseconds));
                var fault = peer.Fault(r);
                var limit = options.For + TimeSpan.FromSeconds(30);
                while (Stopwatch.GetElapsedTime(fault.At) < limit && (peer.WatchdogNoticeFor(r) is null || (stack is not null && peer.AlertFor(r) is null)))
                {
                    if (!await host.WaitAliveAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None)) return Died<DetectionPart>(host, "during the fault");
                }

                peer.Heal(r);
                var notice = peer.WatchdogNoticeFor(r);
                var detectedAt = notice?.IncidentId is { } id ? await DetectedAtAsync(http, host, id) : null;
                var run = new DetectionRun(r + 1, options.For, options.DetectPoll,
                    Since(fault, peer.FirstFailedProbe("watchdog", r)), detectedAt is { } d ? (d - fault.Wall).TotalSeconds : null, Since(fault, notice?.At), notice?.Kind,
                    Since(fault, peer.FirstFailedProbe("blackbox", r)), Since(fault, peer.AlertFor(r)));
                Console.WriteLine(run.Line(stack is not null));
                runs.Add(run);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            return new DetectionPart(runs);
        }
        finally
        {
            Finish(work, options.Keep);
        }
    }

    /// <summary>Watchdog, and the stack when it is installed, started together and waited on until both answer as ready.</summary>
    private static async Task<(HostProcess? Host, StackProcesses? Stack)> StartBothAsync(string dll, IReadOnlyList<string>? stackPaths, string work, string dataDir, JsonNode config, StackPlan plan, HttpClient http)
    {
        var configPath = Path.Combine(work, "watchdog.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var host = HostProcess.Start(dll, configPath, dataDir, work, Path.Combine(work, "watchdog.log"));
        StackProcesses? stack = null;
        try
        {
            stack = stackPaths is null ? null : StackProcesses.Start(stackPaths, plan, work);
            if (!await WaitOkAsync(http, () => host.ListeningOn is { } l ? new Uri(new Uri(l), "/readyz") : null, host, StartLimit))
            {
                host.Stop(); // when it still runs, past the limit: its output is what there is to show
                host.Died("before /readyz answered");
                return (host, stack);
            }

            if (stack is not null && !await stack.ReadyAsync(http, StartLimit))
            {
                stack.Dispose();
                return (host, null);
            }

            Console.WriteLine($"  Watchdog pid {host.Pid} ready on {host.ListeningOn}" +
                (stack is null ? "" : $"; stack pids {string.Join(", ", stack.Processes.Select(p => $"{p.Label} {p.Pid}"))} ready"));
            return (host, stack);
        }
        catch
        {
            host.Dispose();
            stack?.Dispose();
            throw;
        }
    }

    /// <summary>The footprint mode's generated services, each probe marked as Watchdog's, and the harness's webhook as the one channel.</summary>
    private static JsonNode WatchdogConfig(ComparePeer peer, int services, TimeSpan interval, string intervalText, string dataDir, string liveCheck)
    {
        var generated = FootprintHarness.Config(peer.BaseUrl, new FootprintOptions(null, TimeSpan.Zero, TimeSpan.Zero, services, interval, intervalText, false) { LiveCheck = liveCheck }, dataDir);
        var root = JsonNode.Parse(generated)!;
        var watchdog = root["Watchdog"]!;
        foreach (var service in watchdog["Services"]!.AsArray())
            service!["Health"]!["Headers"] = new JsonObject { [ComparePeer.ProberHeader] = "watchdog" };
        watchdog["Notifications"] = new JsonObject
        {
            ["Webhooks"] = new JsonArray(new JsonObject { ["Name"] = "harness", ["Url"] = $"{peer.BaseUrl}/watchdog", ["Secret"] = WebhookSecret }),
        };
        return root;
    }

    /// <summary>
    /// The hard-down rule, the counterpart of <c>probe_success == 0</c> held <c>for:</c>: availability below 95% over a
    /// window of half a poll, which holds the newest probe alone, so the breach starts with the first failed probe.
    /// A release to roll back to, so that the incident takes the runbook's ordinary path.
    /// </summary>
    private static void HardDownRule(JsonObject service, CompareOptions options)
    {
        service["Health"]!["Window"] = $"{(options.DetectPoll.TotalMilliseconds / 2).ToString(CultureInfo.InvariantCulture)}ms";
        service["Rules"] = new JsonArray(new JsonObject
        {
            ["Name"] = "availability",
            ["Signal"] = "Availability",
            ["Comparison"] = "Below",
            ["Threshold"] = 0.95,
            ["For"] = Format(options.For),
            ["MinSamples"] = 1,
            ["Meaning"] = "CoreBroken",
        });
        service["Provider"]!["List"] = "printf 'v2\\nv1\\n'";
        service["Provider"]!["Current"] = "echo v2";
    }

    /// <summary>The incident's <c>detectedAt</c> (the host's wall clock, the same machine's as the harness's).</summary>
    private static async Task<DateTimeOffset?> DetectedAtAsync(HttpClient http, HostProcess host, string incidentId)
    {
        if (host.ListeningOn is not { } listening) return null;
        try
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(listening), $"/api/incidents/{Uri.EscapeDataString(incidentId)}")));
            return doc.RootElement.TryGetProperty("detectedAt", out var at) && at.TryGetDateTimeOffset(out var value) ? value : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            Console.Error.WriteLine($"detection: could not read incident {incidentId}: {e.Message}");
            return null;
        }
    }

    private static double? Since(FaultStart fault, long? at) => at is { } t ? Stopwatch.GetElapsedTime(fault.At, t).TotalSeconds : null;

    private static string Format(TimeSpan t) => $"{t.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    /// <summary>Stops the host if it still runs (a limit passed) and prints its last output.</summary>
    private static T? Died<T>(HostProcess host, string when) where T : class
    {
        host.Stop();
        host.Died(when);
        return null;
    }

    private static void Finish(DirectoryInfo work, bool keep)
    {
        if (keep) Console.WriteLine($"kept: {work.FullName}");
        else FootprintHarness.TryDelete(work);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
