using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Tests.Fakes;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>While a rule breaches, the live check finds the rollback's target, so the decision calls the provider at once.</summary>
public class TargetPlanTests
{
    private static async Task TickBreachingForAsync(WatchHarness w, TimeSpan duration)
    {
        var end = w.Now + duration;
        while (true)
        {
            w.Source.Next = WatchHarness.Values(w.Now, 0.6);
            await w.Watch.TickAsync(CancellationToken.None);
            await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
            if (w.Now + TimeSpan.FromSeconds(30) > end) return;
            w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Breaching_TheTargetIsFoundWhilePending_AndTheDecisionAsksThePlatformNothingBeforeTheRollback()
    {
        var w = new WatchHarness();
        (int Looks, int Lists)? atCall = null;
        (int Looks, int Lists) beforeFiringTick = default;
        w.R.Provider.OnRollback = d =>
        {
            atCall = (w.R.Provider.LiveLooks, w.R.Provider.Lists);
            return StepOutcome.Success($"rollback to {d.Id} accepted");
        };

        await TickBreachingForAsync(w, TimeSpan.FromMinutes(4.5));
        beforeFiringTick = (w.R.Provider.LiveLooks, w.R.Provider.Lists);
        beforeFiringTick.Lists.ShouldBe(5, "listed once a live-check interval (1 min) while pending, not on every tick");
        w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        w.Source.Next = WatchHarness.Values(w.Now, 0.6);
        await w.Watch.TickAsync(CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        atCall.ShouldBe(beforeFiringTick, "no look and no listing between the firing tick and the rollback call");
        var incident = await w.OnlyIncidentAsync();
        incident.Step("identify").ShouldNotBeNull().Output.ShouldNotBeNull().ShouldContain("found by the live check");
        w.R.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe(incident.TargetDeploymentId);
    }

    [Fact]
    public async Task PlanOlderThanALiveCheck_TheRunbookAsksThePlatformAgain()
    {
        var w = new WatchHarness();
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromSeconds(20) };
        await TickBreachingForAsync(w, TimeSpan.FromSeconds(30));   // planned at the second tick
        w.R.Provider.Lists.ShouldBe(1);

        // Then the watch stops looking (say the provider hangs on lists): by the decision, the plan is stale.
        var incidentOpened = false;
        w.R.Provider.OnRollback = d => { incidentOpened = true; return StepOutcome.Success("accepted"); };
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromSeconds(20) };
        w.R.Clock.Advance(TimeSpan.FromMinutes(5));
        w.Source.Next = WatchHarness.Values(w.Now, 0.6);
        await w.Watch.ObserveAsync(w.Source.Next, CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        incidentOpened.ShouldBeTrue();
        var identify = (await w.OnlyIncidentAsync()).Step("identify").ShouldNotBeNull().Output.ShouldNotBeNull();
        identify.ShouldNotContain("found by the live check");
        w.R.Provider.Lists.ShouldBe(2);
    }
}
