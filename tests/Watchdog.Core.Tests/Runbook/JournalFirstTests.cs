using Watchdog.Core.Incidents;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The incident in memory is never ahead of the saved one: a refused write makes the watch read the journal back.</summary>
public class JournalFirstTests
{
    [Fact]
    public async Task VetoNotSaved_TheIncidentStillAwaitsApproval_AndAnApprovalAfterwardsActs()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);

        w.R.Store.FailWhen = i => i.State == IncidentState.Monitoring;
        await Should.ThrowAsync<IOException>(() => w.Watch.VetoAsync(incident.Id, "bob", CancellationToken.None));
        w.R.Store.FailWhen = null;

        var (answer, _) = await w.Watch.ApproveAsync(incident.Id, "alice", CancellationToken.None);
        answer.ShouldBe(Watchdog.Core.Runbook.ServiceWatch.Answer.Done, "the veto never reached the journal, so the incident still awaits a person");
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        (await w.OnlyIncidentAsync()).Timeline.ShouldNotContain(e => e.Message.Contains("vetoed by bob"));
    }

    [Fact]
    public async Task OpeningNotSaved_NothingActs_AndTheNextTickOpensItProperly()
    {
        var w = new WatchHarness();
        w.R.Store.FailWhen = _ => true;

        // The decision's one write is the rollback's started record, in the runbook's own run: refused, nothing is called,
        // and the failure is handed to the host to log.
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.Watch.TakeRunbookFailure().ShouldBeOfType<IOException>();
        (await w.IncidentsAsync()).ShouldBeEmpty();

        w.R.Store.FailWhen = null;
        await w.ObserveAsync(0.6);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ResolutionNotSaved_PeopleWereToldAlready_AndTheNextResolutionTellsThemNoSecondTime()
    {
        var w = new WatchHarness();
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
        w.R.Store.FailWhen = i => i.State == IncidentState.Resolved; // the process dies as it closes the incident

        await Should.ThrowAsync<IOException>(() => w.ObserveForAsync(w.R.Settings.MonitorFor + TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.001)));
        var saved = await w.OnlyIncidentAsync();
        saved.State.ShouldBe(IncidentState.Monitoring);
        saved.Step("notify-resolved").ShouldNotBeNull().Status.ShouldBe(StepStatus.Succeeded); // told before closing

        w.R.Store.FailWhen = null;
        await w.ObserveAsync(0.001);

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Resolved);
        w.R.Notifier.Kinds.Count(k => k == Watchdog.Core.Reports.NotificationKind.Resolved).ShouldBe(1);
    }
}
