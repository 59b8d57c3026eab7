using System.Diagnostics;

namespace Watchdog.Testing;

/// <summary>Ends a server a test started (chromedriver, Alertmanager), with everything it started in turn.</summary>
public static class ChildProcess
{
    public static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refusing to die within 5 s: nothing more a test can do.
        }
        finally
        {
            process.Dispose();
        }
    }
}
