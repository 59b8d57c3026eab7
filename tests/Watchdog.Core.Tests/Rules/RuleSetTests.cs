using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Rules;

public class RuleSetTests
{
    [Fact]
    public void Defaults_MatchTheSeeds()
    {
        var errorRate = Rule.Defaults.Single(r => r.Signal == Signal.ErrorRate);
        errorRate.Comparison.ShouldBe(Comparison.Above);
        errorRate.Threshold.ShouldBe(0.10);
        errorRate.For.ShouldBe(TimeSpan.FromMinutes(5));
        errorRate.Meaning.ShouldBe(Meaning.UsersAffected);
        errorRate.MinSamples.ShouldBeGreaterThan(1);

        var availability = Rule.Defaults.Single(r => r.Signal == Signal.Availability);
        availability.Comparison.ShouldBe(Comparison.Below);
        availability.Threshold.ShouldBe(0.95);
        availability.For.ShouldBe(TimeSpan.FromMinutes(5));
        availability.Meaning.ShouldBe(Meaning.CoreBroken);

        var down = Rule.Defaults.Single(r => r.Signal == Signal.Up);
        down.Meaning.ShouldBe(Meaning.ServiceDown);

        Rule.Defaults.Select(r => r.Name).ShouldBeUnique();
    }

    [Fact]
    public void Describe_SaysSignalComparisonThresholdAndWindow()
    {
        ErrorRate.Describe().ShouldBe("ErrorRate > 10% for 5m");
        Availability.Describe().ShouldBe("Availability < 95% for 5m");
    }

    [Fact]
    public void Evaluate_SeveralSignals_EachRuleJudgesItsOwnSignal()
    {
        var set = new RuleSet([ErrorRate, Availability]);
        Reading[] readings =
        [
            Reading.Of(Signal.Availability, 0.99, 100, T0),
            Reading.Of(Signal.ErrorRate, 0.40, 100, T0),
            Reading.Of(Signal.Up, 1, 1, T0),
            Reading.Of(Signal.LatencyP95, 0.2, 100, T0),
        ];

        var verdicts = set.Evaluate(readings, T0).ToArray();

        verdicts[0].Rule.ShouldBe(ErrorRate);
        verdicts[0].Status.ShouldBe(RuleStatus.Pending);
        verdicts[0].Reading.Value.ShouldBe(0.40);
        verdicts[1].Rule.ShouldBe(Availability);
        verdicts[1].Status.ShouldBe(RuleStatus.Inactive);
        verdicts[1].Reading.Value.ShouldBe(0.99);
    }

    [Fact]
    public void Evaluate_SignalNoReadingCovers_IsInconclusiveNoData()
    {
        var set = new RuleSet([ErrorRate, Availability]);

        var verdicts = set.Evaluate([Reading.Of(Signal.ErrorRate, 0.01, 100, T0)], T0).ToArray();

        verdicts[1].Status.ShouldBe(RuleStatus.Inconclusive);
        verdicts[1].Why.ShouldBe(Inconclusion.NoData);
        verdicts[1].Reading.Signal.ShouldBe(Signal.Availability);
        verdicts[1].Explain().ShouldContain("no source measures this signal");
    }

    [Fact]
    public void Evaluate_TwoValuesOfOneSignal_JudgesTheNewestWhateverTheOrder()
    {
        var old = Reading.Of(Signal.ErrorRate, 0.50, 100, T0.AddSeconds(-30));
        var fresh = Reading.Of(Signal.ErrorRate, 0.01, 100, T0);

        new RuleSet([ErrorRate]).Evaluate([old, fresh], T0)[0].Reading.ShouldBe(fresh);
        new RuleSet([ErrorRate]).Evaluate([fresh, old], T0)[0].Reading.ShouldBe(fresh);
    }

    [Fact]
    public void Evaluate_KeepsEachRulesStateAcrossCalls_AndFiresAfterFor()
    {
        var set = new RuleSet([ErrorRate, Availability]);
        Reading[] At(TimeSpan t) => [Reading.Of(Signal.ErrorRate, 0.3, 100, T0 + t), Reading.Of(Signal.Availability, 0.99, 100, T0 + t)];

        set.Evaluate(At(TimeSpan.Zero), T0)[0].Status.ShouldBe(RuleStatus.Pending);
        set.Evaluate(At(TimeSpan.FromMinutes(4)), T0.AddMinutes(4))[0].Status.ShouldBe(RuleStatus.Pending);
        var verdicts = set.Evaluate(At(TimeSpan.FromMinutes(5)), T0.AddMinutes(5));

        verdicts[0].Status.ShouldBe(RuleStatus.Firing);
        verdicts[1].Status.ShouldBe(RuleStatus.Inactive);
    }

    [Fact]
    public void Reset_ClearsPendingState_SoTheWindowStartsAgain()
    {
        var set = new RuleSet([ErrorRate]);
        Reading[] Breach(int minute) => [Reading.Of(Signal.ErrorRate, 0.3, 100, T0.AddMinutes(minute))];
        set.Evaluate(Breach(0), T0);
        set.Evaluate(Breach(4), T0.AddMinutes(4))[0].Status.ShouldBe(RuleStatus.Pending);

        set.Reset();

        set.Evaluate(Breach(5), T0.AddMinutes(5))[0].Status.ShouldBe(RuleStatus.Pending);   // would fire without the reset
        set.Evaluate(Breach(9), T0.AddMinutes(9))[0].Status.ShouldBe(RuleStatus.Pending);
        var fired = set.Evaluate(Breach(10), T0.AddMinutes(10))[0];
        fired.Status.ShouldBe(RuleStatus.Firing);
        fired.Since.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public void Evaluate_BaselineIsLookedUpByRuleName()
    {
        var latency = new Rule("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.Zero, 1, Meaning.Performance);
        var withBaseline = new RuleSet([latency], new Dictionary<string, double> { ["latency"] = 0.2 });
        var otherName = new RuleSet([latency], new Dictionary<string, double> { ["p95"] = 0.2 });
        Reading[] readings = [Reading.Of(Signal.LatencyP95, 0.301, 100, T0)];

        var judged = withBaseline.Evaluate(readings, T0)[0];
        judged.Status.ShouldBe(RuleStatus.Firing);
        judged.Baseline.ShouldBe(Baseline.Configured(0.2));
        otherName.Evaluate(readings, T0)[0].Why.ShouldBe(Inconclusion.NoBaseline);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Evaluate_TwoSourcesOneFailing_TheValueIsJudgedWhicheverComesFirst(bool errorFirst)
    {
        var rules = new RuleSet([ErrorRate with { For = TimeSpan.Zero }]);
        var value = Reading.Of(Signal.ErrorRate, 0.5, 100, T0) with { Source = "health" };
        var error = Reading.Error(Signal.ErrorRate, T0, "sentry: HTTP 503") with { Source = "sentry" };

        var verdict = rules.Evaluate(errorFirst ? [error, value] : [value, error], T0)[0];

        verdict.Status.ShouldBe(RuleStatus.Firing);
        verdict.Reading.Source.ShouldBe("health");
    }

    [Fact]
    public void Evaluate_RuleNamesASource_IgnoresTheSameSignalFromOthers()
    {
        var rules = new RuleSet([ErrorRate with { For = TimeSpan.Zero, Source = "sentry" }]);
        Reading[] readings =
        [
            Reading.Of(Signal.ErrorRate, 0.9, 100, T0) with { Source = "health" },
            Reading.NoData(Signal.ErrorRate, T0, "no events in window") with { Source = "sentry" },
        ];

        var verdict = rules.Evaluate(readings, T0)[0];

        verdict.Status.ShouldBe(RuleStatus.Inconclusive);
        verdict.Why.ShouldBe(Inconclusion.NoData);
        verdict.Reading.Reason.ShouldBe("no events in window");
    }
}
