using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>While the journal is down the watch keeps judging but decides nothing; once it is back, one fault is one incident.</summary>
public class JournalGateTests
{
    [Fact]
    public async Task FaultFiringThroughoutTheOutage_NothingActsWhileDown_ThenExactlyOneIncidentAndOneRollback()
    {
        var gate = new SwitchedGate { IsOpen = false };
        var w = new WatchHarness(journal: gate);
        w.R.Store.FailWhen = _ => true; // were anything saved while down, it would fail as an unreachable server does

        await w.BreachForAsync(TimeSpan.FromMinutes(10));

        w.Watch.Verdicts.ShouldContain(v => v.IsFiring, "the watch still judges while the journal is down");
        w.R.Store.Saves.ShouldBeEmpty("nothing was even tried");
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.R.Notifier.Sent.ShouldBeEmpty("no incident was announced that the journal does not hold");
        w.Watch.OpenIncidentId.ShouldBeNull();

        w.R.Store.FailWhen = null;
        gate.IsOpen = true;
        await w.BreachForAsync(TimeSpan.FromMinutes(2));

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SaveFailedAsTheJournalWentDown_TheWatchReadsItBackOnlyOnceItIsBack_AndOpensOne()
    {
        var gate = new SwitchedGate { IsOpen = true };
        var w = new WatchHarness(journal: gate);
        w.R.Store.FailWhen = _ => true;
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        w.Watch.TakeRunbookFailure().ShouldBeOfType<IOException>();

        gate.IsOpen = false; // the journal watch found it down
        await w.BreachForAsync(TimeSpan.FromMinutes(5)); // no read back, no retry: the ticks just judge

        w.R.Store.FailWhen = null;
        gate.IsOpen = true;
        await w.ObserveAsync(0.6);

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task IncidentOpenBeforeTheOutage_TheFaultJoinsIt_NoSecondIncident()
    {
        var gate = new SwitchedGate { IsOpen = true };
        var w = new WatchHarness(Mode.Approve, journal: gate);
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        var first = await w.OnlyIncidentAsync();
        first.State.ShouldBe(IncidentState.AwaitingApproval);

        gate.IsOpen = false;
        await w.BreachForAsync(TimeSpan.FromMinutes(10));
        gate.IsOpen = true;
        await w.BreachForAsync(TimeSpan.FromMinutes(1));

        (await w.OnlyIncidentAsync()).Id.ShouldBe(first.Id);
        w.R.Provider.RollbackCalls.ShouldBeEmpty("it still waits for a person");
    }

    [Fact]
    public async Task JournalDown_PeoplesRequestsWait_NoRollbackNoSecondIncident()
    {
        var gate = new SwitchedGate { IsOpen = true };
        var w = new WatchHarness(Mode.Approve, journal: gate);
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        var awaiting = await w.OnlyIncidentAsync();

        gate.IsOpen = false;
        (await w.Watch.ApproveAsync(awaiting.Id, "alice", CancellationToken.None)).ShouldBe((ServiceWatch.Answer.NotNow, ServiceWatch.JournalClosed));
        (await w.Watch.RollBackAsync("bob", null, CancellationToken.None)).ShouldBe((ServiceWatch.Answer.NotNow, ServiceWatch.JournalClosed));
        w.R.Provider.RollbackCalls.ShouldBeEmpty();

        gate.IsOpen = true;
        (await w.Watch.ApproveAsync(awaiting.Id, "alice", CancellationToken.None)).Item1.ShouldBe(ServiceWatch.Answer.Done);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        (await w.OnlyIncidentAsync()).Id.ShouldBe(awaiting.Id);
    }

    [Fact]
    public async Task JournalDown_ASourceGoingBlindIsStillTold_WithoutTouchingTheLedger()
    {
        var ledger = new ThrowingLedger();
        var gate = new SwitchedGate { IsOpen = false };
        var w = new WatchHarness(journal: gate, ledger: ledger);
        for (var i = 0; i < 20; i++)
        {
            w.Source.Next = [Reading.Error(Signal.ErrorRate, w.Now, "sentry: 503") with { Source = "fake-source" }];
            (await w.Watch.TickAsync(CancellationToken.None)).ShouldBeTrue();
            w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        w.R.Notifier.Kinds.ShouldContain(Watchdog.Core.Reports.NotificationKind.Blind);
        ledger.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task JournalDown_AServiceNobodyCanSayWhoHolds_IsWatchedHere_AndOnlyByItsHolderOnceTheJournalAnswers()
    {
        var gate = new SwitchedGate { IsOpen = false };
        var w = new WatchHarness(journal: gate);
        w.R.Fence = new LeaseFence(); // no lease here: start-up never reached the journal
        w.Source.Next = WatchHarness.Values(w.Now, 0.6);

        (await w.Watch.TickAsync(CancellationToken.None)).ShouldBeTrue("watched while nobody can say who holds it");
        w.Source.Reads.ShouldBe(1);

        gate.IsOpen = true;
        (await w.Watch.TickAsync(CancellationToken.None)).ShouldBeFalse("another instance holds it: that one polls");
        w.Source.Reads.ShouldBe(1);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    private sealed class SwitchedGate : IJournalGate
    {
        public bool IsOpen { get; set; }
    }

    private sealed class ThrowingLedger : ILedger
    {
        public int Calls;

        public Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken) => Fail<string?>();

        public Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken) => Fail<bool>();

        public Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken) => Fail<bool>();

        public Task<IReadOnlyList<KeyValuePair<string, string>>> EntriesAsync(string scope, CancellationToken cancellationToken) =>
            Fail<IReadOnlyList<KeyValuePair<string, string>>>();

        public Task<IReadOnlySet<string>> ScopesAsync(string prefix, CancellationToken cancellationToken) => Fail<IReadOnlySet<string>>();

        public Task<bool> RemoveAsync(string scope, string key, CancellationToken cancellationToken) => Fail<bool>();

        private Task<T> Fail<T>()
        {
            Interlocked.Increment(ref Calls);
            throw new IOException("the journal's server cannot be reached");
        }
    }
}
