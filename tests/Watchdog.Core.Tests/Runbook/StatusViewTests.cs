using Watchdog.Core.Tests.Fakes;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>What the status page reads of a watch: each rule's recent readings, deploys seen going live, a fresh look at what is live.</summary>
public class StatusViewTests
{
    [Fact]
    public async Task Ticks_AreKeptPerRule_ForTheChart()
    {
        var w = new WatchHarness();

        await w.ObserveAsync(0.01);
        w.R.Clock.Advance(TimeSpan.FromSeconds(10));
        await w.ObserveAsync(0.04);

        w.Watch.History("error-rate").ShouldBe([new(T0, 0.01), new(T0.AddSeconds(10), 0.04)]);
        w.Watch.History("availability").Select(p => p.Value).ShouldBe([0.999, 0.999]);
    }

    [Fact]
    public async Task FreshLive_OlderThanTheLiveCheckInterval_AsksTheProviderAgain_AndNotBefore()
    {
        var w = new WatchHarness();
        w.R.Settings = w.R.Settings with { LiveCheckInterval = TimeSpan.FromMinutes(1) };

        (await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None)).Live!.Version.ShouldBe("v3");
        w.R.Provider.LiveId = "dep-v2"; // someone deployed behind Watchdog's back
        w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        var cached = await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
        w.R.Clock.Advance(TimeSpan.FromSeconds(31));
        var fresh = await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None);

        cached.Live!.Version.ShouldBe("v3");
        cached.At.ShouldBe(T0);
        w.R.Provider.LiveLooks.ShouldBe(2);
        fresh.Live!.Version.ShouldBe("v2");
        fresh.At.ShouldBe(T0.AddSeconds(61));
        w.Watch.Live!.Version.ShouldBe("v2");
        w.Watch.DeployChanges.Select(c => (c.Deployment.Version, c.At)).ShouldBe([("v2", T0.AddSeconds(61))], "v3 was live before Watchdog looked");
    }

    [Fact]
    public async Task FreshLive_ProviderFails_SaysWhyAndKeepsWhatWasKnown()
    {
        var w = new WatchHarness();
        w.R.Provider.LookFails = n => n > 1;
        await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
        w.R.Clock.Advance(TimeSpan.FromMinutes(5));

        var look = await w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None);

        look.Problem.ShouldBe("platform API: 502 Bad Gateway");
        look.Live!.Version.ShouldBe("v3");
        look.At.ShouldBe(T0);
    }

    [Fact]
    public async Task FreshLive_ProviderHangs_GivesUpAfterTheTimeout()
    {
        var w = new WatchHarness();
        w.R.Provider.LiveHangs = true;

        var look = await w.R.Clock.RunUntil(w.Watch.FreshLiveAsync(TimeSpan.FromSeconds(3), CancellationToken.None), TimeSpan.FromSeconds(1));

        look.Problem.ShouldBe("no answer within 3s");
        look.Live.ShouldBeNull();
        w.R.Clock.GetUtcNow().ShouldBe(T0.AddSeconds(3));
    }
}
