using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>
/// What changed, as the watch hears of it and an incident names it: a flag turned on closest before the breach is turned
/// off instead of rolling back a release that had been live for hours; a deploy closer than any flag change keeps the rollback.
/// </summary>
public sealed class SuspectsWatchTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    private readonly FakeFlagSwitch _flags = new();
    private readonly InMemoryLedger _ledger = new();

    private WatchHarness NewWatch(InMemoryLedger? ledger = null)
    {
        var w = new WatchHarness(ledger: ledger ?? _ledger);
        w.R.Flags = _flags;
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromMinutes(1) };
        return w;
    }

    private static FlagEvent TurnedOn(string flag, DateTimeOffset at, string key = "ld-1") => new("api", "launchdarkly", key, flag, true, "updateOn", at);

    private static Task<DeployTaken> TakeAsync(WatchHarness w, FlagEvent e) => w.Watch.TakeFlagChangeAsync(e, MaxAge, CancellationToken.None);

    /// <summary>The provider first says <paramref name="before"/> is live, then, after <paramref name="after"/>, <paramref name="now"/>: one deploy seen.</summary>
    private static async Task DeployedAsync(WatchHarness w, string before, string now, TimeSpan after)
    {
        w.R.Provider.LiveId = before;
        await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
        w.R.Clock.Advance(after);
        w.R.Provider.LiveId = now;
        await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
    }

    [Fact]
    public async Task AFlagTurnedOnThenABreach_TurnsTheFlagOff_NotARollbackOfTheReleaseLiveForHours()
    {
        var w = NewWatch();
        await DeployedAsync(w, "dep-v2", "dep-v3", TimeSpan.FromMinutes(1)); // v3, created T0-10m, seen live at T0+1m
        w.R.Clock.Advance(TimeSpan.FromHours(3));
        (await TakeAsync(w, TurnedOn("new-checkout", w.Now.AddMinutes(-4)))).Outcome.ShouldBe(DeployOutcome.Taken);

        await w.BreachForAsync(TimeSpan.FromMinutes(6)); // 60% failing: the tree alone would roll back

        _flags.Calls.ShouldBe(["new-checkout"]);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        var incident = await w.OnlyIncidentAsync();
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.DisableFlag);
        incident.Decision.Flag.ShouldBe("new-checkout");
        incident.Decision.Reason.ShouldBe("flag new-checkout turned on at launchdarkly 4m before the first breach; the last deploy (deployment v3 (dep-v3)) " +
            "was 3h11m before the first breach: disable feature flag new-checkout, the change that came closest, rather than roll back");
        var suspects = incident.Timeline.Single(e => e.Kind == TimelineKind.Suspects).Message;
        suspects.ShouldStartWith("1. flag new-checkout turned on at launchdarkly 4m before the first breach");
        w.R.Notifier.Sent[0].Text.ShouldContain("What changed: 1. flag new-checkout turned on");
        PostMortem.Draft(incident).ShouldContain("What changed before the first breach, closest first: 1. flag new-checkout");
    }

    [Fact]
    public async Task ADeployCloserThanTheFlagChange_KeepsTheRollback()
    {
        var w = NewWatch();
        (await TakeAsync(w, TurnedOn("new-checkout", w.Now))).Outcome.ShouldBe(DeployOutcome.Taken);
        w.R.Provider.Deployments.Insert(0, new Deployment("dep-v4", "v4", T0.AddMinutes(18)));
        await DeployedAsync(w, "dep-v3", "dep-v4", TimeSpan.FromMinutes(20));
        w.R.Clock.Advance(TimeSpan.FromMinutes(2));

        await w.BreachForAsync(TimeSpan.FromMinutes(6));

        _flags.Calls.ShouldBeEmpty();
        w.R.Provider.RollbackCalls.ShouldHaveSingleItem();
        var incident = await w.OnlyIncidentAsync();
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        incident.Timeline.Single(e => e.Kind == TimelineKind.Suspects).Message
            .ShouldBe("1. deployment v4 (dep-v4) 4m before the first breach; 2. flag new-checkout turned on at launchdarkly 22m before the first breach");
    }

    [Fact]
    public async Task NothingChanged_TheIncidentSaysSo_AndDecidesAsToday()
    {
        var w = NewWatch();

        await w.BreachForAsync(TimeSpan.FromMinutes(6));

        var incident = await w.OnlyIncidentAsync();
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        incident.Timeline.Single(e => e.Kind == TimelineKind.Suspects).Message.ShouldBe("no deploy or flag change seen in the 2h00m before the first breach");
    }

    [Fact]
    public async Task AReplayOrAStaleDelivery_IsRefused_AndSuspectsNothing()
    {
        var w = NewWatch();
        var e = TurnedOn("new-checkout", w.Now.AddMinutes(-1));
        await TakeAsync(w, e);

        var again = await TakeAsync(w, e);
        var stale = await TakeAsync(w, TurnedOn("old-flag", w.Now.AddHours(-2), key: "ld-2"));

        again.Outcome.ShouldBe(DeployOutcome.Refused);
        again.Reason!.ShouldContain("a repeat of the delivery");
        stale.Outcome.ShouldBe(DeployOutcome.Refused);
        stale.Reason!.ShouldContain("a replay or a stale retry");
        (await _ledger.EntriesAsync(ServiceWatch.FlagChangesScope("api"), CancellationToken.None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task WithoutAJournal_TheFlagChangeIsKeptInMemory_AndStillActedOn()
    {
        var w = new WatchHarness();
        w.R.Flags = _flags;
        await TakeAsync(w, TurnedOn("new-checkout", w.Now));
        w.R.Clock.Advance(TimeSpan.FromMinutes(1));

        await w.BreachForAsync(TimeSpan.FromMinutes(6));

        _flags.Calls.ShouldBe(["new-checkout"]);
    }

    [Fact]
    public async Task AFlagChangeTakenBeforeARestart_IsStillSuspected()
    {
        var before = NewWatch();
        await TakeAsync(before, TurnedOn("new-checkout", before.Now));
        before.R.Clock.Advance(TimeSpan.FromMinutes(3));

        var after = NewWatch(_ledger);
        after.R.Clock.Advance(TimeSpan.FromMinutes(3));
        await after.BreachForAsync(TimeSpan.FromMinutes(6));

        _flags.Calls.ShouldBe(["new-checkout"]);
    }
}
