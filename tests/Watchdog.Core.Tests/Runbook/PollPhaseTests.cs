using Watchdog.Core.Runbook;

namespace Watchdog.Core.Tests.Runbook;

public class PollPhaseTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public void Of_SameName_SamePhaseEveryTime_AndWithinTheInterval()
    {
        foreach (var name in new[] { "api", "checkout", "svc-4999", "a", "ünïcode-name" })
        {
            var phase = PollPhase.Of(name, Interval);
            PollPhase.Of(name, Interval).ShouldBe(phase);
            phase.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
            phase.ShouldBeLessThan(Interval);
        }
    }

    [Fact]
    public void Of_AThousandNames_SpreadOverTheInterval_NoSecondHoldsTwiceItsShare()
    {
        var phases = Enumerable.Range(0, 1_000).Select(n => PollPhase.Of($"svc-{n:D3}", Interval)).ToList();

        var perSecond = phases.CountBy(p => (int)p.TotalSeconds).ToDictionary();
        perSecond.Keys.Order().ShouldBe(Enumerable.Range(0, 10));
        perSecond.Values.Max().ShouldBeLessThanOrEqualTo(2 * 1_000 / 10);
        phases.Distinct().Count().ShouldBeGreaterThan(990);
    }

    [Fact]
    public void Of_DifferentNames_DifferentPhases()
    {
        PollPhase.Of("api", Interval).ShouldNotBe(PollPhase.Of("web", Interval));
    }

    [Fact]
    public void FirstAt_OnTheIntervalGrid_IsNowPlusThePhase()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero); // a whole number of 10 s since the epoch

        PollPhase.FirstAt("api", Interval, now).ShouldBe(now + PollPhase.Of("api", Interval));
    }

    [Fact]
    public void FirstAt_OffTheGrid_IsTheNextInstantAtThePhase_NeverInThePast()
    {
        var grid = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var phase = PollPhase.Of("api", Interval);

        // Just past the phase: the next interval's; just before it: this one's.
        PollPhase.FirstAt("api", Interval, grid + phase + TimeSpan.FromMilliseconds(1)).ShouldBe(grid + Interval + phase);
        PollPhase.FirstAt("api", Interval, grid + phase - TimeSpan.FromTicks(1)).ShouldBe(grid + phase);
        PollPhase.FirstAt("api", Interval, grid + phase).ShouldBe(grid + phase);
    }

    [Fact]
    public void FirstLook_ALoneService_LooksWithinTwentyMilliseconds_WhereverItsPhaseFalls()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 3, TimeSpan.Zero);
        foreach (var name in new[] { "api", "checkout", "svc-4999" })
        {
            var first = PollPhase.FirstLook(name, Interval, now, services: 1);
            (first - now).ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
            (first - now).ShouldBeLessThan(PollPhase.FirstLookPerService);
        }

        // The phase alone would have one of them wait most of the interval.
        new[] { "api", "checkout", "svc-4999" }.Max(n => PollPhase.FirstAt(n, Interval, now) - now).ShouldBeGreaterThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void FirstLook_AFleet_KeepsThePhasesOrder_SqueezedIntoTwentyMillisecondsAService_AtMostAnInterval()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var names = Enumerable.Range(0, 100).Select(n => $"svc-{n:D3}").ToList();

        var looks = names.Select(n => PollPhase.FirstLook(n, Interval, now, names.Count) - now).ToList();
        looks.Max().ShouldBeLessThan(TimeSpan.FromSeconds(2));
        looks.Max().ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5), "spread over the 2 s, not all at once");
        names.OrderBy(n => PollPhase.Of(n, Interval)).ShouldBe(names.OrderBy(n => PollPhase.FirstLook(n, Interval, now, names.Count)));

        // 1,000 services would take 20 s at 20 ms each: the first round is never slower than the interval's own spread.
        PollPhase.FirstLook("svc-042", Interval, now, 1_000).ShouldBe(now + PollPhase.Of("svc-042", Interval));
    }

    [Fact]
    public void AfterFirstLook_TheNextPollIsAtThePhase_HalfAnIntervalToAnIntervalAndAHalfLater()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 7, TimeSpan.Zero);
        foreach (var name in Enumerable.Range(0, 200).Select(n => $"svc-{n:D3}"))
        {
            var first = PollPhase.FirstLook(name, Interval, now, 1);
            var next = PollPhase.AfterFirstLook(name, Interval, first);
            (next - first).ShouldBeGreaterThanOrEqualTo(Interval / 2);
            (next - first).ShouldBeLessThan(Interval * 1.5);
            ((next - DateTimeOffset.UnixEpoch).Ticks % Interval.Ticks).ShouldBe(PollPhase.Of(name, Interval).Ticks);
        }
    }
}
