using System.Diagnostics;
using System.Globalization;
using Watchdog.Core.Runbook;

namespace Watchdog.Benchmarks;

/// <summary>
/// The platform's floor for the footprint's workload: the same GETs on the same schedule from one <see cref="HttpClient"/>
/// on timers, and nothing else (no rules, journal, scheduler or metrics). Run by <c>footprint --floor</c> as the child the
/// harness measures, so what Watchdog costs above it is its own work, and what the floor costs is .NET's on this machine.
/// </summary>
public static class ProbeFloor
{
    /// <summary>The child's mode name: <c>probe-floor BASE-URL SERVICES INTERVAL-SECONDS</c>; runs until killed.</summary>
    public const string Mode = "probe-floor";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var baseUrl, var count, var seconds]
            || !int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var services)
            || !double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var every))
        {
            await Console.Error.WriteLineAsync($"usage: {Mode} BASE-URL SERVICES INTERVAL-SECONDS");
            return 1;
        }

        var interval = TimeSpan.FromSeconds(every);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = interval * 3 });
        var timers = new List<ITimer>(services);
        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < services; n++)
        {
            var url = new Uri($"{baseUrl.TrimEnd('/')}/svc/{n}/health");
            // At the service's phase, as the host polls it (PollPhase), each GET bounded by the interval as a probe is.
            var first = PollPhase.FirstAt(FleetLateness.Name(n), interval, now) - now;
            timers.Add(TimeProvider.System.CreateTimer(_ => _ = GetAsync(http, url, interval), null, first, interval));
        }

        Console.WriteLine($"floor: {services} GETs every {interval.TotalSeconds:0.###} s from one HttpClient (pid {Environment.ProcessId})");
        await Task.Delay(Timeout.Infinite);
        GC.KeepAlive(timers);
        return 0;
    }

    private static async Task GetAsync(HttpClient http, Uri url, TimeSpan limit)
    {
        try
        {
            using var cts = new CancellationTokenSource(limit);
            using var answer = await http.GetAsync(url, cts.Token);
            await answer.Content.ReadAsByteArrayAsync(cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Debug.WriteLine(e.Message); // the harness counts what the target served; a failed GET shows there
        }
    }

    /// <summary>How <c>footprint --floor</c> starts this binary as the measured child, under the same runtime as the harness.</summary>
    public static ProcessStartInfo Child(string baseUrl, int services, TimeSpan interval, string workDir)
    {
        var self = typeof(ProbeFloor).Assembly.Location;
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { WorkingDirectory = workDir };
        if (self.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(info.FileName).Equals(Path.GetFileNameWithoutExtension(self), StringComparison.Ordinal))
            info.ArgumentList.Add(self);
        // The host's own runtime settings (src/Watchdog/Watchdog.csproj): no pool spinning, no background GC, no ICU.
        info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";
        info.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        foreach (var a in new[] { Mode, baseUrl, services.ToString(CultureInfo.InvariantCulture), interval.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        return info;
    }
}
