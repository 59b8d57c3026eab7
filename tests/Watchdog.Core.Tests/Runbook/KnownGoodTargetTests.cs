using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The rollback's target is a release Watchdog saw live and healthy, not just an older one.</summary>
public class KnownGoodTargetTests
{
    [Fact]
    public void Choose_AReleaseSeenHealthy_BeatsANewerOlderOne_AndSaysWhy()
    {
        Deployment[] list = [Deploy("v4", 5), Deploy("v3", 30), Deploy("v2", 90), Deploy("v1", 200)];

        var seen = RollbackTarget.Choose(list, list[0], null, new HashSet<string> { "dep-v2" }).ShouldNotBeNull();
        var older = RollbackTarget.Choose(list, list[0], null, new HashSet<string>()).ShouldNotBeNull();

        (seen.Target.Version, seen.Basis).ShouldBe(("v2", TargetBasis.SeenHealthy));
        seen.Describe(TimeSpan.FromMinutes(30)).ShouldBe("v2 was seen live and healthy for at least 30m (Watchdog's journal)");
        (older.Target.Version, older.Basis).ShouldBe(("v3", TargetBasis.OlderSucceeded));
    }

    [Fact]
    public void Choose_AQuarantinedReleaseSeenHealthyOnce_IsNeverTheTarget()
    {
        Deployment[] list = [Deploy("v4", 5), Deploy("v3", 30), Deploy("v2", 90)];

        var choice = RollbackTarget.Choose(list, list[0], new HashSet<string> { "v3" }, new HashSet<string> { "dep-v3" }).ShouldNotBeNull();

        (choice.Target.Version, choice.Basis).ShouldBe(("v2", TargetBasis.OlderSucceeded));
    }

    private static async Task TickHealthyForAsync(WatchHarness w, TimeSpan duration)
    {
        var end = w.Now + duration;
        while (w.Now <= end)
        {
            w.Source.Next = WatchHarness.Values(w.Now, 0.001);
            await w.Watch.TickAsync(CancellationToken.None);
            w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task HealthyForMinHealthyFor_TheLiveReleaseGoesOnRecord_NotBefore()
    {
        var ledger = new InMemoryLedger();
        var w = new WatchHarness(ledger: ledger);

        await TickHealthyForAsync(w, TimeSpan.FromMinutes(29));
        ledger.Facts.Keys.ShouldNotContain(k => k.Scope == ReleaseWatch.KnownGoodScope);

        await TickHealthyForAsync(w, TimeSpan.FromMinutes(2));
        ledger.Facts.Keys.Where(k => k.Scope == ReleaseWatch.KnownGoodScope).Select(k => k.Key).ShouldBe(["api/id:dep-v3", "api/version:v3"], ignoreOrder: true);
    }

    [Fact]
    public async Task ADeployBetweenLooks_IsNeverCreditedToTheReleaseBefore()
    {
        var ledger = new InMemoryLedger();
        var w = new WatchHarness(ledger: ledger);
        w.R.Provider.Deployments.Insert(0, Deploy("v4", 1));

        await TickHealthyForAsync(w, TimeSpan.FromMinutes(25));
        w.R.Provider.LiveId = "dep-v4"; // deployed; Watchdog has not looked since
        await TickHealthyForAsync(w, TimeSpan.FromMinutes(10));

        ledger.Facts.Keys.ShouldNotContain(k => k.Scope == ReleaseWatch.KnownGoodScope && k.Key.Contains("v3"));
    }

    [Fact]
    public async Task Counting_CostsNoExtraLooks_ThePlatformIsAskedAtTheIdleCadence()
    {
        // A command provider spawns a shell per look: 100 services looking every minute cost ~2% of a core (measured).
        var w = new WatchHarness(ledger: new InMemoryLedger());

        await TickHealthyForAsync(w, TimeSpan.FromMinutes(20));

        w.R.Provider.LiveLooks.ShouldBeLessThanOrEqualTo(3); // the first look, then one each ten live-check intervals
    }

    [Fact]
    public async Task AnUnhealthyTick_StartsTheCountAgain()
    {
        var ledger = new InMemoryLedger();
        var w = new WatchHarness(ledger: ledger);

        await TickHealthyForAsync(w, TimeSpan.FromMinutes(20));
        w.Source.Next = WatchHarness.Values(w.Now, 0.5); // one bad reading: pending, not firing, but not healthy
        await w.Watch.TickAsync(CancellationToken.None);
        await TickHealthyForAsync(w, TimeSpan.FromMinutes(20));

        ledger.Facts.Keys.ShouldNotContain(k => k.Scope == ReleaseWatch.KnownGoodScope);
    }

    [Fact]
    public async Task Rollback_TargetsTheReleaseOnRecord_AndTheAnnouncementSaysWhy()
    {
        var ledger = new InMemoryLedger();
        await ledger.SetAsync(ReleaseWatch.KnownGoodScope, "api/version:v1", "v1: live and healthy for 3h", CancellationToken.None);
        var w = new WatchHarness(ledger: ledger);

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        w.R.Provider.RollbackCalls.ShouldHaveSingleItem().Version.ShouldBe("v1");
        var incident = await w.OnlyIncidentAsync();
        incident.Step("identify")!.Output.ShouldNotBeNull().ShouldContain("chosen because v1 was seen live and healthy");
        w.R.Notifier.Sent.First(n => n.Kind == NotificationKind.RollbackInProgress).Lines.ShouldContain("Target: v1 was seen live and healthy for at least 30m (Watchdog's journal)");
    }
}
