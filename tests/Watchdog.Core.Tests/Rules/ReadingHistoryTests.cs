using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Rules;

public class ReadingHistoryTests
{
    private static Verdict Judged(Rule rule, Reading reading) => new(rule, RuleStatus.Inactive, reading, null, Inconclusion.None, null);

    [Fact]
    public void Add_PastCapacity_KeepsTheNewestOldestFirst()
    {
        var history = new ReadingHistory([ErrorRate, Availability], capacity: 3);

        for (var i = 0; i < 5; i++) history.Add([Judged(ErrorRate, Reading.Of(Signal.ErrorRate, i / 10.0, 100, T0.AddSeconds(i)))]);

        history.Of("error-rate").ShouldBe([new(T0.AddSeconds(2), 0.2), new(T0.AddSeconds(3), 0.3), new(T0.AddSeconds(4), 0.4)]);
        history.Of("availability").ShouldBeEmpty();
        history.Of("no-such-rule").ShouldBeEmpty();
    }

    [Fact]
    public void Add_ReadingWithoutValue_IsKeptAsAGap()
    {
        var history = new ReadingHistory([ErrorRate], capacity: 4);

        history.Add([Judged(ErrorRate, Reading.NoData(Signal.ErrorRate, T0, "no requests"))]);

        var point = history.Of("error-rate").ShouldHaveSingleItem();
        point.At.ShouldBe(T0);
        double.IsNaN(point.Value).ShouldBeTrue();
    }

    [Fact]
    public void Of_IsACopy_ThatLaterTicksDoNotChange()
    {
        var history = new ReadingHistory([ErrorRate], capacity: 2);
        history.Add([Judged(ErrorRate, Reading.Of(Signal.ErrorRate, 0.1, 100, T0))]);

        var before = history.Of("error-rate");
        history.Add([Judged(ErrorRate, Reading.Of(Signal.ErrorRate, 0.2, 100, T0.AddSeconds(1)))]);
        history.Add([Judged(ErrorRate, Reading.Of(Signal.ErrorRate, 0.3, 100, T0.AddSeconds(2)))]);

        before.ShouldBe([new(T0, 0.1)]);
    }

    [Fact]
    public void Add_OnceWarm_AllocatesNothing()
    {
        var history = new ReadingHistory([ErrorRate, Availability], capacity: 8);
        Verdict[] tick = [Judged(ErrorRate, Reading.Of(Signal.ErrorRate, 0.1, 100, T0)), Judged(Availability, Reading.Of(Signal.Availability, 0.9, 100, T0))];
        history.Add(tick);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) history.Add(tick);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
