using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watchdog.Tests.Support;

/// <summary>The real Watchdog binary as a child process, as an operator runs it.</summary>
public sealed class WatchdogProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WatchdogProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Watchdog.dll");

    /// <summary>
    /// The native executable to run instead of <c>dotnet Watchdog.dll</c> (CI sets it for the tests marked
    /// <c>[Trait("Native", "true")]</c>, so the published native build answers the same tests); unset, the JIT build.
    /// </summary>
    public static string? NativeBinary => Environment.GetEnvironmentVariable("WATCHDOG_TEST_HOST_BINARY") is { Length: > 0 } b ? b : null;

    /// <summary>How to start the binary: the native executable, or <c>dotnet</c> with the dll as its first argument.</summary>
    private static ProcessStartInfo StartInfo(string workingDirectory)
    {
        var psi = new ProcessStartInfo(NativeBinary ?? "dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (NativeBinary is null) psi.ArgumentList.Add(Dll);
        return psi;
    }

    public static WatchdogProcess Start(string workingDirectory, params string[] args)
    {
        var port = FreePort();
        var psi = StartInfo(workingDirectory);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        return new WatchdogProcess(Process.Start(psi)!, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Runs a verb to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, params string[] args) =>
        RunToExitAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the child, on top of this process's own.</param>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var psi = StartInfo(workingDirectory);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            // A verb that never ends (a host started by mistake) must not outlive the test.
            p.Kill(entireProcessTree: true);
            throw;
        }
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>Polls <c>/readyz</c> until it answers 2xx or <paramref name="within"/> (default 60 s: the machine may be busy) passes.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan? within = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync("readyz")).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        return false;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — as when a node dies. Its children (a rollback under way) live on.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        // Reaped before returning, or Dispose may still see it running and kill the whole tree, children too. With a
        // timeout: the untimed wait also waits for the output pipes, which the children hold open.
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
