using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The latency rule judged against the previous deployment's healthy latency, kept in the ledger across a restart.</summary>
public sealed class LatencyBaselineTests
{
    private static readonly Rule Latency = new("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(2), 1, Meaning.Performance);

    private static WatchHarness Harness(InMemoryLedger ledger)
    {
        var w = new WatchHarness(rules: [Latency], ledger: ledger, baselines: new BaselineSettings { MinReadings = 5 });
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromMinutes(1) };
        return w;
    }

    private static async Task Tick(WatchHarness w, int minutes, double latency)
    {
        for (var i = 0; i < minutes; i++)
        {
            w.Source.Next = [Reading.Of(Signal.LatencyP95, latency, 100, w.Now)];
            await w.Watch.TickAsync(CancellationToken.None);
            await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
            w.R.Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task NewDeployment_SlowerThanThePreviousWasHealthy_FiresAndSaysWhichBaseline()
    {
        var w = Harness(new InMemoryLedger());
        w.R.Provider.LiveId = "dep-v2";
        await Tick(w, 10, 0.200);

        w.R.Provider.LiveId = "dep-v3"; // a new release: 320 ms is 60% above v2's 200 ms
        await Tick(w, 4, 0.320);

        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.Baseline.ShouldBe(0.2);
        incident.Trigger.BaselineFrom.ShouldNotBeNull().ShouldContain("deployment v2 (dep-v2) while live and healthy: median of 10 readings");
        incident.Trigger.Summary.ShouldContain("against baseline 200 ms, deployment v2");
        var first = w.R.Notifier.Sent.First(n => n.IncidentId == incident.Id);
        first.Facts.ShouldContain(f => f.Key == "Baseline" && f.Value.StartsWith("200 ms, deployment v2 (dep-v2)"));
        w.Watch.Verdicts.ShouldHaveSingleItem().Baseline!.Origin.ShouldBe(BaselineOrigin.PreviousDeployment);
    }

    [Fact]
    public async Task NewDeployment_NoSlowerThanFiftyPercentAbove_StaysQuiet()
    {
        var w = Harness(new InMemoryLedger());
        w.R.Provider.LiveId = "dep-v2";
        await Tick(w, 10, 0.200);

        w.R.Provider.LiveId = "dep-v3";
        await Tick(w, 6, 0.290); // 45% above

        (await w.IncidentsAsync()).ShouldBeEmpty();
        w.Watch.Verdicts.ShouldHaveSingleItem().Status.ShouldBe(RuleStatus.Inactive);
    }

    [Fact]
    public async Task Restart_BetweenDeployments_KeepsThePreviousDeploymentsBaseline()
    {
        var ledger = new InMemoryLedger();
        var before = Harness(ledger);
        before.R.Provider.LiveId = "dep-v2";
        await Tick(before, 10, 0.200);

        var after = Harness(ledger); // a new process: nothing in memory, the same journal
        after.R.Provider.LiveId = "dep-v3";
        await Tick(after, 4, 0.320);

        (await after.OnlyIncidentAsync()).Trigger.BaselineFrom.ShouldNotBeNull().ShouldContain("dep-v2");
    }

    [Fact]
    public async Task NoDeploymentMeasured_TheTrailingWindowIsTheBaselineAndIsNamed()
    {
        var w = Harness(new InMemoryLedger());
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.Zero }; // the provider is never asked what is live
        await Tick(w, 10, 0.200);
        await Tick(w, 4, 0.500);

        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.BaselineFrom.ShouldNotBeNull().ShouldStartWith("trailing 1h00m: median of");
    }

    [Fact]
    public async Task NoBaselineAtAll_IsInconclusiveAndNeverTrips()
    {
        var w = Harness(new InMemoryLedger());
        await Tick(w, 3, 9.0); // fewer healthy readings than a baseline needs, and all of them slow

        (await w.IncidentsAsync()).ShouldBeEmpty();
        w.Watch.Verdicts.ShouldHaveSingleItem().Why.ShouldBe(Inconclusion.NoBaseline);
    }
}
