using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Tests.Rules;

public class BacktestTests
{
    private static IEnumerable<Reading> Minutes(int count, Func<int, double> errorRate) =>
        Enumerable.Range(0, count).Select(m => Reading.Of(Signal.ErrorRate, errorRate(m), 500, T0.AddMinutes(m)));

    [Fact]
    public void Replay_TwentyMinutesAt30Percent_PendsThenFiresAfterFiveMinutesAndSaysWhatThePolicyWouldDo()
    {
        var readings = Minutes(60, m => m is >= 10 and < 30 ? 0.3 : 0.01);

        var events = Backtest.Replay([ErrorRate], new Dictionary<string, double>(), new Dictionary<string, string>(), readings);

        events.Select(e => (e.At, e.To)).ShouldBe(
        [
            (T0.AddMinutes(10), RuleStatus.Pending),
            (T0.AddMinutes(15), RuleStatus.Firing),
            (T0.AddMinutes(30), RuleStatus.Inactive),
        ]);
        var fired = events.Single(e => e.To == RuleStatus.Firing);
        fired.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        fired.Explanation.ShouldContain("measured 30%");
    }

    [Fact]
    public void Replay_WithAFlagMapped_TheDecisionIsToDisableIt()
    {
        var readings = Minutes(20, _ => 0.3);

        var events = Backtest.Replay([ErrorRate], new Dictionary<string, double>(), new Dictionary<string, string> { ["error-rate"] = "FEATURE_X" }, readings);

        events.Single(e => e.To == RuleStatus.Firing).Decision!.Flag.ShouldBe("FEATURE_X");
    }

    [Fact]
    public void Replay_BlipsShorterThanFor_NeverFire()
    {
        var readings = Minutes(120, m => m % 10 < 4 ? 0.5 : 0.01);

        var events = Backtest.Replay([ErrorRate], new Dictionary<string, double>(), new Dictionary<string, string>(), readings);

        events.ShouldNotContain(e => e.To == RuleStatus.Firing);
        events.Count(e => e.To == RuleStatus.Pending).ShouldBe(12);
    }
}
