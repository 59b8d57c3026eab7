using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The lease in the loop: only the holder polls and acts, each step carries its token, and what the others are asked reaches the holder.</summary>
public class LeaseFenceTests
{
    [Fact]
    public async Task Held_TheRollbackRuns_AndEveryStepCarriesTheLeasesToken()
    {
        var w = new WatchHarness();
        w.R.Fence = new LeaseFence();
        w.R.Fence.Grant(7, w.Now + TimeSpan.FromDays(1));

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        var incident = await w.OnlyIncidentAsync();
        incident.Steps.ShouldNotBeEmpty();
        incident.Steps.ShouldAllBe(s => s.Token == 7);
    }

    [Fact]
    public async Task PastItsRenewal_NothingIsSaved_AndNothingActs()
    {
        var w = new WatchHarness();
        w.R.Fence = new LeaseFence();
        w.R.Fence.Grant(7, w.Now + TimeSpan.FromMinutes(1));

        // The keeper could not renew (the journal is unreachable): the breach lasts past the lease.
        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        w.Watch.TakeRunbookFailure().ShouldBeOfType<FencedOffException>().Message.ShouldContain("not renewed in time");
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        (await w.IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task HeldByAnother_TheWatchDoesNotPoll()
    {
        var w = new WatchHarness();
        w.R.Fence = new LeaseFence();
        w.R.Fence.Revoke("wd-2");

        (await w.Watch.TickAsync(CancellationToken.None)).ShouldBeFalse();
        w.Source.Reads.ShouldBe(0);
    }

    [Fact]
    public async Task AnApprovalAskedOfTheOtherInstance_IsCarriedOutOnceByTheHolder()
    {
        var ledger = new InMemoryLedger();
        var holder = new WatchHarness(Mode.Approve, ledger: ledger);
        holder.R.Fence = new LeaseFence();
        holder.R.Fence.Grant(3, holder.Now + TimeSpan.FromDays(1));
        await holder.BreachForAsync(TimeSpan.FromMinutes(5));
        var incident = await holder.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);

        var other = new WatchHarness(Mode.Approve, ledger: ledger);
        other.R.Fence = new LeaseFence();
        other.R.Fence.Revoke("wd-1");
        other.Watch.Mirror(incident);
        var (answer, detail) = await other.Watch.ApproveAsync(incident.Id, "alice", CancellationToken.None);

        answer.ShouldBe(ServiceWatch.Answer.Done);
        detail.ShouldContain("passed to wd-1");
        holder.R.Provider.RollbackCalls.ShouldBeEmpty("nothing is done until the holder takes it");
        other.R.Provider.RollbackCalls.ShouldBeEmpty();

        await holder.Watch.TakeInboxAsync(CancellationToken.None);
        await holder.Watch.TakeInboxAsync(CancellationToken.None);
        await holder.R.Clock.RunUntil(holder.Watch.Running, TimeSpan.FromSeconds(1));

        holder.R.Provider.RollbackCalls.Count.ShouldBe(1);
        (await holder.OnlyIncidentAsync()).Timeline.ShouldContain(e => e.Message.Contains("alice"));
    }
}
