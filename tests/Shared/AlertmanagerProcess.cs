using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Watchdog.Testing;

/// <summary>
/// A real Alertmanager as a child process: its own config and storage in a temp dir, listening on a
/// loopback port, clustering off. Killed (with anything it started) and cleaned up on dispose.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _dir;
    private readonly ConcurrentQueue<string> _output;

    private AlertmanagerProcess(Process process, string dir, ConcurrentQueue<string> output, Uri baseAddress)
    {
        _process = process;
        _dir = dir;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Its last log lines, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(40));

    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "alertmanager"), Path.Combine(dir, "prometheus-alertmanager") })
            .FirstOrDefault(File.Exists);

    /// <param name="configYaml">The whole alertmanager.yml.</param>
    public static async Task<AlertmanagerProcess> StartAsync(string configYaml)
    {
        var binary = FindBinary()
            ?? throw new InvalidOperationException($"alertmanager is not on PATH: {AlertmanagerFactAttribute.InstallHint}");
        var dir = Directory.CreateTempSubdirectory("watchdog-am-").FullName;
        var config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var port = LoopbackPort.Free();

        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            $"--config.file={config}",
            $"--storage.path={Path.Combine(dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=", // no gossip: one lone instance
            "--log.level=debug"])
            psi.ArgumentList.Add(arg);

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var am = new AlertmanagerProcess(process, dir, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await am.WaitReadyAsync();
            return am;
        }
        catch
        {
            await am.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts alerts as Prometheus would: <c>POST /api/v2/alerts</c> with a JSON array.</summary>
    public async Task PostAlertsAsync(string alertsJson)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.PostAsync("api/v2/alerts", new StringContent(alertsJson, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"alertmanager refused the alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<string> GetAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(path);
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process);
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyWithin)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"alertmanager exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await http.GetAsync("-/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"alertmanager was not ready within {ReadyWithin.TotalSeconds:0} s:{Environment.NewLine}{Output}");
    }
}
