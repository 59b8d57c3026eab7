using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Runbook;

public class QuarantineTests
{
    [Fact]
    public async Task Run_RolledBackRelease_IsQuarantinedAndNeverChosenAgain()
    {
        var h = new RunbookHarness();
        var first = DecidedIncident(h.Clock.GetUtcNow(), id: "inc-1");
        await h.RunAsync(first);
        (await h.Store.QuarantinedAsync("api", CancellationToken.None)).ShouldContain("v3");

        // Later v2 turns out bad too and v3 is (wrongly) still listed as a candidate below it.
        h.Provider.Deployments.Insert(0, Deploy("v4", 1));
        h.Provider.Deployments.Add(Deploy("v3", 200));
        h.Provider.LiveId = "dep-v2";
        var second = DecidedIncident(h.Clock.GetUtcNow(), id: "inc-2");
        await h.RunAsync(second);

        second.ToVersion.ShouldBe("v1", "v3 is quarantined wherever it shows up in the list");
    }

    [Fact]
    public void Choose_QuarantinedByVersion_SkipsEveryDeploymentOfThatVersion()
    {
        Deployment[] list = [Deploy("v3", 10), new Deployment("rebuild-of-v2", "v2"), Deploy("v2", 60), Deploy("v1", 120)];

        RollbackTarget.Choose(list, list[0], new HashSet<string> { "v2" }).ShouldNotBeNull().Version.ShouldBe("v1");
    }

    [Fact]
    public async Task Tick_QuarantinedReleaseLiveAgain_AlertsOnceAtOnce()
    {
        var w = new WatchHarness();
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromMinutes(1) };
        await w.R.Store.QuarantineAsync("api", "v3", null, "inc-old", w.Now, CancellationToken.None);
        w.R.Provider.LiveId = "dep-v2";

        await Tick(w, 3);
        w.R.Notifier.Sent.ShouldBeEmpty();

        w.R.Provider.LiveId = "dep-v3"; // someone redeployed the bad release
        await Tick(w, 5);

        var alert = w.R.Notifier.Sent.ShouldHaveSingleItem();
        alert.Kind.ShouldBe(NotificationKind.QuarantinedRedeployed);
        alert.Title.ShouldContain("v3");
        w.Watch.Live!.Version.ShouldBe("v3");
    }

    [Fact]
    public async Task Tick_NothingQuarantinedAndNoBaselines_AsksThePlatformOnlyEveryTenthInterval()
    {
        var w = new WatchHarness();
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromMinutes(1) };

        await Tick(w, 20);
        w.R.Provider.LiveLooks.ShouldBe(2, "minutes 0 and 10: only the status page wants it");

        await w.R.Store.QuarantineAsync("api", "v9", null, "inc-old", w.Now, CancellationToken.None);
        await Tick(w, 5);
        w.R.Provider.LiveLooks.ShouldBe(7, "a quarantined release could come back: every minute again");
    }

    private static async Task Tick(WatchHarness w, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            w.Source.Next = WatchHarness.Values(w.Now, 0.001);
            await w.Watch.TickAsync(CancellationToken.None);
            w.R.Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }
}
