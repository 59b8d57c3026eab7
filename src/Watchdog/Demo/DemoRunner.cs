using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;

namespace Watchdog.Demo;

/// <summary>The <c>demo</c> verb: runs <see cref="DemoScenario"/> in a temporary folder and prints what happened.</summary>
public static class DemoRunner
{
    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-demo-");
        try
        {
            output.WriteLine("Watchdog demo: detect → decide → roll back → verify → notify, on loopback, windows compressed to seconds.");
            var result = await DemoScenario.RunAsync(dir.FullName, output, TimeSpan.FromSeconds(50), ct);
            Print(result, output);
            return result.Incident is { State: IncidentState.Resolved } && result.RollbackCommandRuns == 1 ? 0 : 1;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Print(DemoResult r, TextWriter output)
    {
        if (r.Incident is not { } i)
        {
            output.WriteLine("No incident was opened: the demo failed.");
            return;
        }

        var m = i.Metrics;
        output.WriteLine();
        output.WriteLine($"Incident {i.Id}: {i.State}; rolled back from {i.FromVersion} to {i.ToVersion}; live now: {r.Live}");
        output.WriteLine($"Rollback metrics: time to detect {F(m.TimeToDetect)}, to initiate {F(m.TimeToInitiate)}, to restore {F(m.TimeToRestore)}, impact {F(m.ImpactDuration)}");
        output.WriteLine($"Rollback command runs: {r.RollbackCommandRuns}; team webhook messages: {r.Received.Count} accepted ({string.Join(", ", r.Received.Select(x => x.Kind))}), {r.RejectedMessages} rejected");
    }

    private static string F(TimeSpan? d) => d is { } x ? SignalFormat.Duration(x) : "n/a";
}
