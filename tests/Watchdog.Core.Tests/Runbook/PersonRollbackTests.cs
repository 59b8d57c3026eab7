using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>A person's rollback: an incident of its own, through the same runbook, checks and mode as any other.</summary>
public class PersonRollbackTests
{
    private static async Task<(ServiceWatch.Answer Answer, string Detail)> AskAsync(WatchHarness w, string? to = null)
    {
        await w.ObserveAsync(errorRate: 0.001);
        var answer = await w.Watch.RollBackAsync("alice", to, CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
        return answer;
    }

    [Fact]
    public async Task RollBack_WithoutATarget_RollsBackOnceAsWatchdogWouldAndSaysWhoAsked()
    {
        var w = new WatchHarness();

        var (answer, detail) = await AskAsync(w);

        answer.ShouldBe(ServiceWatch.Answer.Done);
        detail.ShouldContain("rollback requested by alice");
        w.R.Provider.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe("v2");
        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.Source.ShouldBe("manual:rollback");
        incident.Decision.ShouldNotBeNull().Reason.ShouldBe("requested by alice");
        incident.State.ShouldBe(IncidentState.Monitoring);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
    }

    [Fact]
    public async Task RollBack_ToANamedRelease_GoesThereAndTheJournalSaysAPersonChoseIt()
    {
        var w = new WatchHarness();

        await AskAsync(w, to: "v1");

        w.R.Provider.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe("v1");
        (await w.OnlyIncidentAsync()).Step("identify")!.Output.ShouldNotBeNull().ShouldContain("v1 was asked for by a person");
    }

    [Theory]
    [InlineData("v3")]       // what is live
    [InlineData("v9")]       // no such deployment
    public async Task RollBack_ToATargetThatFailsTheChecks_RollsNothingBackAndSaysWhy(string to)
    {
        var w = new WatchHarness();

        await AskAsync(w, to);

        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Failed);
        incident.Step("identify")!.Output.ShouldNotBeNull().ShouldContain($"{to} cannot be the target");
    }

    [Fact]
    public async Task RollBack_InDryRunMode_StaysADryRun()
    {
        var w = new WatchHarness(Mode.DryRun);

        await AskAsync(w);

        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        (await w.OnlyIncidentAsync()).Timeline.ShouldContain(e => e.Message.Contains("DRY RUN: would roll back from v3 to v2"));
    }

    [Fact]
    public async Task RollBack_WhileAnIncidentIsOpen_IsNotNow()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        var (answer, detail) = await w.Watch.RollBackAsync("alice", null, CancellationToken.None);

        answer.ShouldBe(ServiceWatch.Answer.NotNow);
        detail.ShouldContain("is open (AwaitingApproval)");
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }
}
