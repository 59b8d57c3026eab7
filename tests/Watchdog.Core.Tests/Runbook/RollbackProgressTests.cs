using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Tests.Fakes;
using Watchdog.Testing;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>Seed 001's progress updates while a rollback runs: "Rollback 50% complete", the current step, an ETA from measured rollbacks.</summary>
public class RollbackProgressTests
{
    private readonly RunbookHarness _h = new();

    private Incident NewIncident()
    {
        var trigger = Tripped(Watchdog.Core.Rules.Meaning.CoreBroken);
        var incident = new Incident("inc-progress", "api", Mode.Auto, trigger, T0);
        incident.Decide(new Decision(RunbookAction.Rollback, "error rate above 10%", trigger), T0);
        return incident;
    }

    /// <summary>Rollbacks of this service measured before, so the ETA is their median.</summary>
    private async Task MeasuredAsync(params int[] minutes)
    {
        _h.RestoreTimes = new RestoreTimes("api", new InMemoryLedger());
        foreach (var m in minutes) await _h.RestoreTimes.RecordAsync(TimeSpan.FromMinutes(m), CancellationToken.None);
    }

    private IReadOnlyList<Notification> Updates => [.. _h.Notifier.Sent.Where(n => n.Kind == NotificationKind.RollbackProgress)];

    /// <summary>Runs a rollback that goes live <paramref name="looks"/> polls (5s each) after the request; the one update sent.</summary>
    private async Task<Notification> OnlyUpdateAsync(int looks)
    {
        _h.Provider.LiveAfterLooks = looks;
        await _h.RunAsync(NewIncident());
        return Updates.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task HalfOfTheMeasuredTimePassed_SaysFiftyPercentTheCurrentStepAndTheEta()
    {
        await MeasuredAsync(4, 4, 5);

        var update = await OnlyUpdateAsync(looks: 36); // live 3m after the request

        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackProgress, NotificationKind.RollbackComplete]);
        update.Title.ShouldBe("UPDATE: Rollback 50% complete (api)");
        update.Lines.ShouldContain("Current Status: rollback requested; waiting for fake to make v2 (dep-v2) live (live now: v3 (dep-v3))");
        update.Lines.ShouldContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, // the look's time, give or take the harness's steps
            @"^ETA: about (2m|1m5[4-9]s) \((2m|2m0[0-6]s) so far; the median of the last 3 rollbacks of api is 4m\)$"));
        update.Lines.ShouldContain("DO NOT deploy anything until rollback complete.");
    }

    [Fact]
    public async Task LongerThanTheMeasuredTime_SaysSoWithoutAPercentage()
    {
        await MeasuredAsync(2);
        _h.Provider.LiveAfterLooks = 60; // 5m

        var incident = NewIncident();
        await _h.RunAsync(incident);

        // The update goes at the first look (every 5 s) at or past the median; the harness's one-second steps, taken while
        // anything waits on the clock, may place that look a few seconds after the 2m.
        Updates.Count.ShouldBe(2);
        Updates[0].Title.ShouldBe("UPDATE: Rollback 50% complete (api)");
        Updates[1].Title.ShouldMatch(@"^UPDATE: rollback of api still under way after 2m(0[0-6]s)?$");
        Updates[1].Lines.ShouldContain(l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^ETA: unknown: 2m(0[0-6]s)? so far, longer than the median 2m of the last 1 rollback of api$"));
        incident.Steps.Where(s => s.Key.StartsWith("rollback-progress:", StringComparison.Ordinal)).Select(s => s.Key).Order().ShouldBe(["rollback-progress:100", "rollback-progress:50"]);
    }

    [Fact]
    public async Task NothingMeasuredYet_OneUpdateHalfwayThroughTheWaitAndNoMadeUpPercentage()
    {
        var update = await OnlyUpdateAsync(looks: 72); // 6m, within the 10m wait

        update.Title.ShouldMatch(@"^UPDATE: rollback of api still under way after 5m(0[0-6]s)?$");
        update.Text.ShouldNotContain("%");
        update.Lines.ShouldContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ETA: unknown: no rollback of api measured yet; 5m(0[0-6]s)? so far$"));
        update.Lines.ShouldContain("Watchdog waits up to 10m for the target to go live, then escalates.");
    }

    [Fact]
    public async Task QuickRollback_NoUpdateBeforeItIsComplete()
    {
        await MeasuredAsync(4);

        await _h.RunAsync(NewIncident());

        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
    }

    /// <summary>A stabilization task that takes a while on the test's clock.</summary>
    private sealed class SlowTask(TimeProvider clock, TimeSpan takes) : Ports.IRunbookTask
    {
        public string Name => "clear-cache";

        public async Task<Ports.StepOutcome> RunAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(takes, clock, cancellationToken);
            return Ports.StepOutcome.Success("cache cleared");
        }
    }

    [Fact]
    public async Task HalfwayPassedWhileStabilizing_TheUpdateNamesTheVerificationAsTheCurrentStep()
    {
        await MeasuredAsync(3);
        _h.Stabilization.Add(new SlowTask(_h.Clock, TimeSpan.FromMinutes(2)));

        await _h.RunAsync(NewIncident());

        var update = Updates.ShouldHaveSingleItem();
        update.Title.ShouldBe("UPDATE: Rollback 60% complete (api)");
        update.Lines.ShouldContain("Current Status: v2 (dep-v2) is live; running smoke tests and verification");
        update.Lines.ShouldNotContain(l => l.StartsWith("Watchdog waits up to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingMeasuredYet_NoUpdateOnceTheTargetIsLive()
    {
        _h.RestoreTimes = new RestoreTimes("api", new InMemoryLedger());
        _h.Stabilization.Add(new SlowTask(_h.Clock, TimeSpan.FromMinutes(8)));

        await _h.RunAsync(NewIncident());

        Updates.ShouldBeEmpty();
    }
}
