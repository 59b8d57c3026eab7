using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Watchdog.Testing;

/// <summary>
/// A real Prometheus (the Debian package's binary) run as a child process on a loopback port with its own
/// temporary config and TSDB directory; killed, and its directory removed, on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly ConcurrentQueue<string> _log;

    private PrometheusServer(Process process, DirectoryInfo dir, ConcurrentQueue<string> log, Uri baseUrl) =>
        (_process, _dir, _log, BaseUrl) = (process, dir, log, baseUrl);

    public Uri BaseUrl { get; }

    /// <summary>The server's last log lines, for a failure message.</summary>
    public string LogTail => string.Join("\n", _log.TakeLast(30));

    /// <summary>Starts Prometheus with <paramref name="config"/> and returns once <c>/-/ready</c> answers 200 (at most 10 s).</summary>
    /// <param name="prepare">Fills the TSDB directory before the server opens it (backfilled blocks).</param>
    public static async Task<PrometheusServer> StartAsync(string config, Func<string, Task>? prepare = null)
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-prometheus-");
        var data = Path.Combine(dir.FullName, "data");
        var configFile = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config);
        if (prepare is not null) await prepare(data);

        var port = LoopbackPort.Free();
        var psi = new ProcessStartInfo(PrometheusFactAttribute.Find("prometheus") ?? "prometheus")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add($"--config.file={configFile}");
        psi.ArgumentList.Add($"--storage.tsdb.path={data}");
        psi.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        // Backfilled blocks older than retention would be deleted at start-up; the default 15d is made explicit.
        psi.ArgumentList.Add("--storage.tsdb.retention.time=15d");

        var log = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, dir, log, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <paramref name="done"/> until it holds, for at most <paramref name="limit"/> of real time (Prometheus scrapes on its own clock).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"{what}: not within {limit.TotalSeconds}s. Prometheus log:\n{LogTail}");
            if (_process.HasExited) throw new InvalidOperationException($"Prometheus exited ({_process.ExitCode}):\n{LogTail}");
            await Task.Delay(100);
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitUntilAsync(async () =>
        {
            try
            {
                using var r = await http.GetAsync(new Uri(BaseUrl, "-/ready"));
                return r.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "Prometheus ready");
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        try { _dir.Delete(recursive: true); }
        catch (IOException) { }
    }

    private static void Keep(ConcurrentQueue<string> log, string? line)
    {
        if (line is null) return;
        log.Enqueue(line);
        while (log.Count > 200) log.TryDequeue(out _);
    }
}
