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
}
