using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Rules;

public class RuleEvaluatorTests
{
    private static readonly Rule ErrorRate5m = TestData.ErrorRate;
    private static readonly Rule Availability5m = TestData.Availability;

    /// <summary>Feeds readings to one rule in order, as the poller would, and returns every verdict.</summary>
    private static List<Verdict> Run(Rule rule, IEnumerable<Reading> readings, double? baseline = null)
    {
        var state = default(RuleState);
        return [.. readings.Select(r => RuleEvaluator.Evaluate(rule, r, ref state, baseline is { } b ? Baseline.Configured(b) : null))];
    }

    private static Reading Value(Rule rule, double value, TimeSpan at, int samples = 100) => Reading.Of(rule.Signal, value, samples, T0 + at);

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    [Theory]
    [InlineData(0.10, RuleStatus.Inactive)]       // exactly the threshold: Above is strict
    [InlineData(0.0999, RuleStatus.Inactive)]
    [InlineData(0.1001, RuleStatus.Pending)]      // 10.01%
    [InlineData(0.50, RuleStatus.Pending)]
    [InlineData(0.0, RuleStatus.Inactive)]
    public void Evaluate_ErrorRateAgainstTenPercent_BreachesOnlyStrictlyAbove(double errorRate, RuleStatus expected)
    {
        Run(ErrorRate5m, [Value(ErrorRate5m, errorRate, TimeSpan.Zero)]).Single().Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(0.95, RuleStatus.Inactive)]       // exactly the threshold: Below is strict
    [InlineData(0.9501, RuleStatus.Inactive)]
    [InlineData(0.9499, RuleStatus.Pending)]
    [InlineData(0.0, RuleStatus.Pending)]
    public void Evaluate_AvailabilityAgainstNinetyFivePercent_BreachesOnlyStrictlyBelow(double availability, RuleStatus expected)
    {
        Run(Availability5m, [Value(Availability5m, availability, TimeSpan.Zero)]).Single().Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(0, RuleStatus.Pending)]
    [InlineData(60, RuleStatus.Pending)]
    [InlineData(299, RuleStatus.Pending)]   // 4m59s of breach
    [InlineData(300, RuleStatus.Firing)]    // 5m00s: the whole For
    [InlineData(1800, RuleStatus.Firing)]
    public void Evaluate_UnbrokenBreach_PendingUntilForHasPassedThenFiring(int secondsIntoBreach, RuleStatus expected)
    {
        var readings = Enumerable.Range(0, secondsIntoBreach / 10 + 1).Select(i => S(i * 10)).Append(S(secondsIntoBreach)).Distinct()
            .Select(at => Value(ErrorRate5m, 0.2, at));

        var last = Run(ErrorRate5m, readings)[^1];

        last.Status.ShouldBe(expected);
        last.Since.ShouldBe(T0);
    }

    [Fact]
    public void Evaluate_ErrorRateAboveThresholdForWholeWindow_Fires()
    {
        var verdicts = Run(ErrorRate5m, [Value(ErrorRate5m, 0.2, S(0)), Value(ErrorRate5m, 0.2, S(299)), Value(ErrorRate5m, 0.2, S(300))]);

        verdicts.Select(v => v.Status).ShouldBe([RuleStatus.Pending, RuleStatus.Pending, RuleStatus.Firing]);
        verdicts[^1].IsFiring.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_HealthyBlipInsideWindow_RestartsTheClockSoItFiresFiveMinutesAfterTheBlip()
    {
        // Breach every 30 s from 0 to 3m, one healthy reading at 3m30s, breach again from 4m on.
        var readings = Enumerable.Range(0, 40).Select(i => S(i * 30))
            .Select(at => Value(ErrorRate5m, at == S(210) ? 0.01 : 0.3, at)).ToList();

        var verdicts = Run(ErrorRate5m, readings);
        Verdict At(int seconds) => verdicts[readings.FindIndex(r => r.At == T0 + S(seconds))];

        At(180).Status.ShouldBe(RuleStatus.Pending);
        At(210).Status.ShouldBe(RuleStatus.Inactive);
        At(300).Status.ShouldBe(RuleStatus.Pending);   // 5m since the first breach, but the blip broke it
        At(510).Status.ShouldBe(RuleStatus.Pending);   // 4m30s since the breach resumed at 4m
        At(540).Status.ShouldBe(RuleStatus.Firing);    // 5m after 4m
        At(540).Since.ShouldBe(T0 + S(240));
    }

    [Fact]
    public void Evaluate_FlappingEveryThirtySecondsForTwentyMinutes_NeverFires()
    {
        var readings = Enumerable.Range(0, 41).Select(i => Value(ErrorRate5m, i % 2 == 0 ? 0.5 : 0.01, S(i * 30)));

        var verdicts = Run(ErrorRate5m, readings);

        verdicts.ShouldNotContain(v => v.Status == RuleStatus.Firing);
        verdicts.Count(v => v.Status == RuleStatus.Pending).ShouldBe(21);
    }

    public static TheoryData<string, Reading, Inconclusion> Gaps => new()
    {
        { "no data", Reading.NoData(Signal.ErrorRate, T0 + S(150), "no requests"), Inconclusion.NoData },
        { "source error", Reading.Error(Signal.ErrorRate, T0 + S(150), "sentry: 503"), Inconclusion.SourceError },
        { "NaN value", Reading.Of(Signal.ErrorRate, double.NaN, 100, T0 + S(150)), Inconclusion.NoData },
        { "too few samples", Reading.Of(Signal.ErrorRate, 0.9, 9, T0 + S(150)), Inconclusion.TooFewSamples },
        { "no samples", Reading.Of(Signal.ErrorRate, 0.9, 0, T0 + S(150)), Inconclusion.TooFewSamples },
    };

    [Theory]
    [MemberData(nameof(Gaps))]
    public void Evaluate_GapInsideBreach_IsInconclusiveWithReasonAndRestartsTheClock(string gap, Reading hole, Inconclusion why)
    {
        _ = gap;
        // Breach every 30 s for 10 min, except the gap at 2m30s.
        var readings = Enumerable.Range(0, 21).Select(i => S(i * 30))
            .Select(at => at == S(150) ? hole : Value(ErrorRate5m, 0.4, at)).ToList();

        var verdicts = Run(ErrorRate5m, readings);

        var atGap = verdicts[5];
        atGap.Status.ShouldBe(RuleStatus.Inconclusive);
        atGap.Why.ShouldBe(why);
        atGap.IsFiring.ShouldBeFalse();
        atGap.Since.ShouldBeNull();
        verdicts[10].Status.ShouldBe(RuleStatus.Pending);  // 5m after T0, but the gap broke the run
        verdicts[15].Status.ShouldBe(RuleStatus.Pending);  // 4m30s after the run resumed at 3m
        verdicts[16].Status.ShouldBe(RuleStatus.Firing);   // 5m after 3m
        verdicts[16].Since.ShouldBe(T0 + S(180));
    }

    [Theory]
    [MemberData(nameof(Gaps))]
    public void Evaluate_OnlyGapsForTwentyMinutes_NeverPendingNorFiring(string gap, Reading hole, Inconclusion why)
    {
        _ = gap;
        var readings = Enumerable.Range(0, 41).Select(i => hole with { At = T0 + S(i * 30) });

        var verdicts = Run(ErrorRate5m, readings);

        verdicts.ShouldAllBe(v => v.Status == RuleStatus.Inconclusive && v.Why == why);
    }

    [Fact]
    public void Evaluate_GapWhileFiring_StopsFiring()
    {
        var verdicts = Run(ErrorRate5m, [Value(ErrorRate5m, 0.4, S(0)), Value(ErrorRate5m, 0.4, S(300)), Reading.NoData(Signal.ErrorRate, T0 + S(330), "empty"), Value(ErrorRate5m, 0.4, S(360))]);

        verdicts.Select(v => v.Status).ShouldBe([RuleStatus.Pending, RuleStatus.Firing, RuleStatus.Inconclusive, RuleStatus.Pending]);
    }

    [Theory]
    [InlineData(9, RuleStatus.Inconclusive)]
    [InlineData(10, RuleStatus.Pending)]   // MinSamples is a minimum, not a strict bound
    [InlineData(500, RuleStatus.Pending)]
    public void Evaluate_SampleCountAgainstMinSamples(int samples, RuleStatus expected)
    {
        Run(ErrorRate5m, [Value(ErrorRate5m, 0.5, S(0), samples)]).Single().Status.ShouldBe(expected);
    }

    [Fact]
    public void Evaluate_ForZero_FiresOnFirstBreach()
    {
        var rule = ErrorRate5m with { For = TimeSpan.Zero };

        var verdict = Run(rule, [Value(rule, 0.11, S(0))]).Single();

        verdict.Status.ShouldBe(RuleStatus.Firing);
        verdict.Since.ShouldBe(T0);
    }

    [Fact]
    public void Evaluate_HealthyReadingAfterFiring_GoesBackToInactive()
    {
        var verdicts = Run(ErrorRate5m, [Value(ErrorRate5m, 0.4, S(0)), Value(ErrorRate5m, 0.4, S(300)), Value(ErrorRate5m, 0.02, S(330))]);

        verdicts[^1].Status.ShouldBe(RuleStatus.Inactive);
        verdicts[^1].Since.ShouldBeNull();
    }

    private static readonly Rule LatencyRule = new("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.Zero, 5, Meaning.Performance);

    [Theory]
    [InlineData(0.200, 0.300, RuleStatus.Inactive)]   // exactly 50% above: not more than 50%
    [InlineData(0.200, 0.301, RuleStatus.Firing)]
    [InlineData(0.200, 0.250, RuleStatus.Inactive)]
    [InlineData(0.200, 0.100, RuleStatus.Inactive)]
    [InlineData(0.300, 0.450, RuleStatus.Inactive)]   // 0.3 * 1.5 rounds below 0.45 in binary
    [InlineData(0.300, 0.451, RuleStatus.Firing)]
    [InlineData(0.600, 0.900, RuleStatus.Inactive)]
    [InlineData(0.700, 1.050, RuleStatus.Inactive)]
    [InlineData(0.350, 0.525, RuleStatus.Inactive)]
    public void Evaluate_AboveBaselineBy_BreachesOnlyMoreThanFiftyPercentAboveBaseline(double baseline, double p95, RuleStatus expected)
    {
        Run(LatencyRule, [Value(LatencyRule, p95, S(0))], baseline).Single().Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Evaluate_AboveBaselineByWithoutUsableBaseline_IsInconclusiveNoBaseline(double? baseline)
    {
        var verdict = Run(LatencyRule, [Value(LatencyRule, 5.0, S(0))], baseline).Single();

        verdict.Status.ShouldBe(RuleStatus.Inconclusive);
        verdict.Why.ShouldBe(Inconclusion.NoBaseline);
        verdict.Explain().ShouldContain("no baseline");
    }

    [Fact]
    public void Explain_FiringVerdict_NamesRuleMeasuredValueThresholdAndWindow()
    {
        var verdicts = Run(ErrorRate5m, [Value(ErrorRate5m, 0.234, S(0)), Value(ErrorRate5m, 0.234, S(300))]);

        var text = verdicts[^1].Explain();

        text.ShouldContain("error-rate");
        text.ShouldContain("23.4%");
        text.ShouldContain("> 10%");
        text.ShouldContain("5m");
        text.ShouldContain("firing");
        text.ShouldContain("since 03:00:00Z");
    }

    [Fact]
    public void Explain_AboveBaseline_NamesMeasuredLatencyAndBaseline()
    {
        var text = Run(LatencyRule, [Value(LatencyRule, 0.42, S(0))], 0.2).Single().Explain();

        text.ShouldContain("latency");
        text.ShouldContain("420 ms");
        text.ShouldContain("baseline 200 ms");
        text.ShouldContain("50%");
    }

    [Fact]
    public void Explain_TooFewSamples_SaysHowManyAndHowManyNeeded()
    {
        var text = Run(ErrorRate5m, [Value(ErrorRate5m, 0.9, S(0), 3)]).Single().Explain();

        text.ShouldContain("error-rate");
        text.ShouldContain("inconclusive");
        text.ShouldContain("only 3 samples, need 10");
    }

    [Fact]
    public void Explain_NoData_GivesTheSourcesReason()
    {
        var text = Run(ErrorRate5m, [Reading.Error(Signal.ErrorRate, T0, "sentry unreachable")]).Single().Explain();

        text.ShouldContain("inconclusive");
        text.ShouldContain("sentry unreachable");
    }
}
