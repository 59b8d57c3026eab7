using Watchdog.Core.Incidents;
using Watchdog.Core.Runbook;

namespace Watchdog.Core.Tests.Runbook;

public class PeopleActionsTests
{
    private static async Task<(WatchHarness W, string Id)> AwaitingApprovalAsync()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.BreachForAsync(TimeSpan.FromMinutes(6));
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);
        return (w, incident.Id);
    }

    [Fact]
    public async Task Approve_RunsTheRunbookAndSaysWhoApproved()
    {
        var (w, id) = await AwaitingApprovalAsync();

        var (answer, _) = await w.Watch.ApproveAsync(id, "alice", CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        answer.ShouldBe(ServiceWatch.Answer.Done);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Timeline.ShouldContain(e => e.Kind == TimelineKind.Approved && e.Message == "approved by alice");
    }

    [Fact]
    public async Task Veto_NothingIsDoneAndTheIncidentIsWatched()
    {
        var (w, id) = await AwaitingApprovalAsync();

        var (answer, _) = await w.Watch.VetoAsync(id, "bob", CancellationToken.None);
        await w.BreachForAsync(TimeSpan.FromMinutes(30));

        answer.ShouldBe(ServiceWatch.Answer.Done);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Timeline.ShouldContain(e => e.Message.Contains("vetoed by bob", StringComparison.Ordinal));
        w.R.Notifier.Kinds.Count(k => k == Watchdog.Core.Reports.NotificationKind.ApprovalNeeded).ShouldBe(1, "a veto is not asked again");
    }

    [Fact]
    public async Task Approve_Twice_TheSecondIsRefused()
    {
        var (w, id) = await AwaitingApprovalAsync();
        await w.Watch.ApproveAsync(id, "alice", CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        var (answer, detail) = await w.Watch.ApproveAsync(id, "carol", CancellationToken.None);

        answer.ShouldBe(ServiceWatch.Answer.NotNow);
        detail.ShouldContain("not awaiting approval");
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Approve_UnknownIncident_IsNoSuchIncident()
    {
        var (w, _) = await AwaitingApprovalAsync();

        (await w.Watch.ApproveAsync("inc-nope", "alice", CancellationToken.None)).Item1.ShouldBe(ServiceWatch.Answer.NoSuchIncident);
    }
}
