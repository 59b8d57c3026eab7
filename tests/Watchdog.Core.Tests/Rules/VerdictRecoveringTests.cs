using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Rules;

/// <summary>Right after a rollback the window still holds the bad samples; the newest ones alone say whether it is recovering.</summary>
public class VerdictRecoveringTests
{
    private static Verdict Firing(Rule rule, double window, double? latest) =>
        new(rule, RuleStatus.Firing, Reading.Of(rule.Signal, window, 100, T0) with { Latest = latest }, T0.AddMinutes(-6), Inconclusion.None, null);

    [Fact]
    public void FiringWindow_NewestSamplesBackUnderTheThreshold_IsRecovering()
    {
        var v = Firing(ErrorRate, window: 0.53, latest: 0.02);

        v.Recovering.ShouldBeTrue();
        v.State().ShouldBe("recovering: now 2%, window 53%");
    }

    [Fact]
    public void FiringWindow_NewestSamplesStillBreaching_IsFiring()
    {
        var v = Firing(ErrorRate, window: 0.53, latest: 0.6);

        v.Recovering.ShouldBeFalse();
        v.State().ShouldBe("firing: now 60%, window 53%");
    }

    [Fact]
    public void BelowRule_NewestSamplesAboveTheThreshold_IsRecovering()
    {
        Firing(Availability, window: 0.5, latest: 1).State().ShouldBe("recovering: now 100%, window 50%");
        Firing(Availability, window: 0.5, latest: 0.9).Recovering.ShouldBeFalse();
    }

    [Fact]
    public void SourceThatCannotTellTheNewestSamplesApart_ClaimsNoRecovery()
    {
        var v = Firing(ErrorRate, window: 0.53, latest: null);

        v.Recovering.ShouldBeFalse();
        v.State().ShouldBe("firing");
    }

    [Fact]
    public void BaselineRule_Limit_IsTheBaselineRaisedByTheThreshold_AndNoneWithoutOne()
    {
        var rule = new Rule("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(5), 10, Meaning.Performance);
        var reading = Reading.Of(Signal.LatencyP95, 0.9, 100, T0) with { Latest = 0.2 };

        new Verdict(rule, RuleStatus.Firing, reading, T0, Inconclusion.None, Baseline.Configured(0.3)).Limit.ShouldNotBeNull().ShouldBe(0.45, 1e-9);
        new Verdict(rule, RuleStatus.Firing, reading, T0, Inconclusion.None, null).Limit.ShouldBeNull();
        new Verdict(rule, RuleStatus.Firing, reading, T0, Inconclusion.None, null).Recovering.ShouldBeFalse();
    }
}
