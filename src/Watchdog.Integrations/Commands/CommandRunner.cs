using System.ComponentModel;
using System.Diagnostics;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// Runs one command line through a shell with a deadline and bounded output capture. On timeout or
/// caller cancellation the whole process tree is killed: every descendant still attached to the
/// command at that moment (a process that has already detached itself with <c>setsid</c> or a double
/// fork cannot be found, and is left alone).
/// </summary>
/// <remarks>
/// The child inherits Watchdog's environment except variables named <c>Watchdog__…</c>, which carry
/// Watchdog's own configuration and secrets; what a command needs goes in <see cref="CommandRequest.Environment"/>.
/// Stdin is closed at once, so a command that prompts (a CLI asking "which deployment?") reads
/// end-of-input and fails instead of hanging until the deadline.
/// </remarks>
public sealed class CommandRunner(TimeProvider time, ILogger<CommandRunner> logger)
{
    /// <summary>Environment variables with this prefix are not passed on to commands.</summary>
    public const string HostConfigurationPrefix = "Watchdog__";

    // SIGKILL is prompt; this only bounds a process stuck in uninterruptible I/O.
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    /// <exception cref="CommandFailedException">The shell could not be started.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the process tree was killed.</exception>
    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        using var process = new Process { StartInfo = StartInfo(request) };
        var started = time.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            var where = request.WorkingDirectory is null ? "" : $" in {request.WorkingDirectory}";
            throw new CommandFailedException($"could not start {request.Shell}{where}: {e.Message}", e);
        }

        var pid = process.Id;
        process.StandardInput.Close();

        using var stopReading = new CancellationTokenSource();
        var stdout = OutputCapture.ReadAsync(process.StandardOutput.BaseStream, request.MaxOutputBytes, stopReading.Token);
        var stderr = OutputCapture.ReadAsync(process.StandardError.BaseStream, request.MaxOutputBytes, stopReading.Token);

        var killed = false;
        using (var deadline = new CancellationTokenSource(request.Timeout, time))
        using (var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            try
            {
                await process.WaitForExitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                killed = true;
                if (cancellationToken.IsCancellationRequested) Log.KillingCancelled(logger, pid);
                else Log.KillingTimedOut(logger, pid, request.Timeout);
                await KillTreeAsync(process, pid);
            }
        }

        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(request.OutputGrace, time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            Log.OutputAbandoned(logger, pid, request.OutputGrace);
            await stopReading.CancelAsync();
        }

        var (outText, outTruncated) = await stdout;
        var (errText, errTruncated) = await stderr;
        var duration = time.GetElapsedTime(started);

        if (killed && cancellationToken.IsCancellationRequested)
            throw new OperationCanceledException("the command was cancelled and its process tree killed", cancellationToken);

        return new CommandResult(killed ? null : process.ExitCode, outText, errText, duration, TimedOut: killed)
        {
            StdoutTruncated = outTruncated,
            StderrTruncated = errTruncated,
        };
    }

    private static ProcessStartInfo StartInfo(CommandRequest request)
    {
        var info = new ProcessStartInfo(request.Shell)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = request.WorkingDirectory ?? "",
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(request.CommandLine);

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith(HostConfigurationPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);
        foreach (var (name, value) in request.Environment)
            info.Environment[name] = value;
        return info;
    }

    private async Task KillTreeAsync(Process process, int pid)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill: nothing left to stop.
        }
        catch (Exception e) when (e is Win32Exception or AggregateException or NotSupportedException)
        {
            Log.KillFailed(logger, pid, e);
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(KillWait, time, CancellationToken.None);
        }
        catch (TimeoutException e)
        {
            Log.KillFailed(logger, pid, e);
        }
    }
}
