using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The one gate between a service's watch and a drill of it.</summary>
public class DrillGateTests
{
    private static PushedAlert Alert(DateTimeOffset at) =>
        new("api", "fp-1", "alertmanager", AlertStatus.Firing, Meaning.DataAtRisk, "DataCorruption: orders table checksum mismatch", at);

    [Fact]
    public async Task Drill_HoldsTheService_TicksSkippedAlertsKeptAndRaisedAfter()
    {
        var w = new WatchHarness();
        var release = new TaskCompletionSource<string>();
        var drill = w.Watch.DrillAsync(() => release.Task, CancellationToken.None);
        w.Watch.Drilling.ShouldBeTrue();

        (await w.Watch.TickAsync(CancellationToken.None)).ShouldBeFalse();
        (await w.Watch.RaiseAsync(Alert(w.Now), CancellationToken.None)).Outcome.ShouldBe(RaiseOutcome.HeldForDrill);
        await w.BreachForAsync(TimeSpan.FromMinutes(10));
        (await w.IncidentsAsync()).ShouldBeEmpty("nothing opens on the platform a drill is acting on");
        w.Source.Reads.ShouldBe(0);

        release.SetResult("drill report");
        (await drill).ShouldBe("drill report");
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        w.Watch.Drilling.ShouldBeFalse();
        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.Source.ShouldBe("alertmanager:fp-1");
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Drill_WhileADrillHoldsTheService_DoesNotRun()
    {
        var w = new WatchHarness();
        var release = new TaskCompletionSource<string>();
        var first = w.Watch.DrillAsync(() => release.Task, CancellationToken.None);

        var ran = false;
        var second = await w.Watch.DrillAsync(() => { ran = true; return Task.FromResult("second"); }, CancellationToken.None);

        second.ShouldBeNull();
        ran.ShouldBeFalse();
        release.SetResult("first");
        (await first).ShouldBe("first");
    }
}
