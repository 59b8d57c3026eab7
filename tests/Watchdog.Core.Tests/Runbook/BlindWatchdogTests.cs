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
}
