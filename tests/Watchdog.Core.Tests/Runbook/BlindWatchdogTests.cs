using Watchdog.Core.Reports;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Runbook;

public class BlindWatchdogTests
{
    private static Reading[] Unreachable(DateTimeOffset at) =>
    [
        Reading.Error(Signal.ErrorRate, at, "sentry: connection refused") with { Source = "fake-source" },
        Reading.Error(Signal.Availability, at, "sentry: connection refused") with { Source = "fake-source" },
    ];

    private static async Task TickForAsync(WatchHarness w, TimeSpan duration, Func<DateTimeOffset, Reading[]> readings)
    {
        var end = w.Now + duration;
        while (w.Now < end)
        {
            w.Source.Next = readings(w.Now);
            await w.Watch.TickAsync(CancellationToken.None);
            await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
            w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Tick_SourceDownForAnHour_OneBlindNoticeOneSeeingAgainNoIncident()
    {
        var w = new WatchHarness();

        await TickForAsync(w, TimeSpan.FromMinutes(2), at => WatchHarness.Values(at, 0.001));
        await TickForAsync(w, TimeSpan.FromHours(1), Unreachable);

        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind]);
        var blind = w.R.Notifier.Sent[0];
        blind.Text.ShouldContain("fake-source");
        blind.Text.ShouldContain("sentry: connection refused");
        blind.Text.ShouldContain("will NOT roll back");
        w.Watch.Sources.ShouldHaveSingleItem().Blind.ShouldBeTrue();
        w.Watch.Sources[0].ConsecutiveErrors.ShouldBe(120);

        await TickForAsync(w, TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.001));

        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind, NotificationKind.SeesAgain]);
        w.R.Notifier.Sent[1].Text.ShouldContain("answers again after 1h");
        w.Watch.Sources[0].Blind.ShouldBeFalse();
        (await w.IncidentsAsync()).ShouldBeEmpty();
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Tick_TheChannelRefusedTheBlindNotice_ItIsSaidAgainNextTick_BeforeTheSeesAgain_AndOnlyOnce()
    {
        var w = new WatchHarness();
        await TickForAsync(w, TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.001));

        w.R.Notifier.Refusing = "503 from the webhook";
        await TickForAsync(w, TimeSpan.FromMinutes(2), Unreachable);
        w.R.Notifier.Sent.ShouldBeEmpty();

        w.R.Notifier.Refusing = null;
        await TickForAsync(w, TimeSpan.FromSeconds(30), at => WatchHarness.Values(at, 0.001));
        await w.Watch.RetryingSight;
        await TickForAsync(w, TimeSpan.FromMinutes(2), at => WatchHarness.Values(at, 0.001));
        await w.Watch.RetryingSight;

        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind, NotificationKind.SeesAgain]);
    }

    [Fact]
    public async Task Tick_TwoFailuresThenAnAnswer_IsNotBlind()
    {
        var w = new WatchHarness();

        await TickForAsync(w, TimeSpan.FromMinutes(1), Unreachable);
        await TickForAsync(w, TimeSpan.FromSeconds(30), at => WatchHarness.Values(at, 0.001));
        await TickForAsync(w, TimeSpan.FromMinutes(1), Unreachable);

        w.R.Notifier.Sent.ShouldBeEmpty();
        w.Watch.Sources[0].Errors.ShouldBe(4);
    }

    [Fact]
    public async Task Tick_NoDataIsNotBlindness()
    {
        var w = new WatchHarness();

        await TickForAsync(w, TimeSpan.FromMinutes(10), WatchHarness.NoData);

        w.R.Notifier.Sent.ShouldBeEmpty();
        w.Watch.Sources[0].ConsecutiveErrors.ShouldBe(0);
    }

    private static Reading[] NothingYet(DateTimeOffset at) =>
        [Reading.NoData(Signal.ErrorRate, at, "no time has passed since the reset") with { Source = "fake-source" }];

    [Fact]
    public async Task Tick_NoDataWhileBlind_IsNotSeeingAgain_SoOnePairPerOutage()
    {
        var w = new WatchHarness();
        await TickForAsync(w, TimeSpan.FromMinutes(5), Unreachable);

        // A reset source answers NoData without asking its peer; the peer still refuses afterwards.
        await TickForAsync(w, TimeSpan.FromMinutes(1), NothingYet);
        await TickForAsync(w, TimeSpan.FromMinutes(5), Unreachable);

        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind]);
        w.Watch.Sources[0].Blind.ShouldBeTrue();

        await TickForAsync(w, TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.001));
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind, NotificationKind.SeesAgain]);
    }

    [Fact]
    public async Task Tick_RestartWhileBlind_SaysNothingNew_AndTheReturnIsStillAnnouncedOnce()
    {
        var ledger = new InMemoryLedger();
        var before = new WatchHarness(ledger: ledger);
        await TickForAsync(before, TimeSpan.FromMinutes(5), Unreachable);
        before.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind]);

        var after = new WatchHarness(ledger: ledger);
        after.R.Clock.Advance(before.Now - after.Now);
        await TickForAsync(after, TimeSpan.FromMinutes(5), Unreachable);
        after.R.Notifier.Kinds.ShouldBeEmpty();
        after.Watch.Sources[0].Blind.ShouldBeTrue();

        await TickForAsync(after, TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.001));
        after.R.Notifier.Kinds.ShouldBe([NotificationKind.SeesAgain]);
        after.R.Notifier.Sent[0].Text.ShouldContain("answers again after 10m");

        var third = new WatchHarness(ledger: ledger);
        third.R.Clock.Advance(after.Now - third.Now);
        await TickForAsync(third, TimeSpan.FromMinutes(5), Unreachable);
        third.R.Notifier.Kinds.ShouldBe([NotificationKind.Blind], "seeing again was kept too: a new outage is news");
    }
}
