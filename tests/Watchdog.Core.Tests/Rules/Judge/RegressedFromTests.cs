using Watchdog.Core.Releases;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Rules.Judge;

/// <summary>The judge as the watch drives it: readings observed, deployments rolled, verdicts from the rule set.</summary>
public sealed class RegressedFromTests
{
    private static readonly JudgeSettings Settings = new() { Confidence = 0.98, MinReadings = 20, MaxLooks = 6 };
    private static readonly Rule Latency = new("latency-judge", Signal.LatencyP95, Comparison.RegressedFrom, 0, TimeSpan.Zero, 1, Meaning.Performance) { Judge = Settings };
    private static readonly IReadOnlySet<string> NoneBad = new HashSet<string>();
    private static readonly Deployment A = new("dep-a", "v1.0"), B = new("dep-b", "v1.1");

    private static RuleSet Set(Rule? rule = null) => new([rule ?? Latency]);

    /// <summary>One reading a minute from <paramref name="start"/>; the first after a deploy is skipped, so one more is fed.</summary>
    private static DateTimeOffset Feed(RuleSet set, DateTimeOffset start, IEnumerable<double> values, bool healthy = true, TimeSpan? window = null)
    {
        var at = start;
        foreach (var v in values)
        {
            Reading[] readings = [Reading.Of(Signal.LatencyP95, v, 100, at) with { Window = window }];
            set.Evaluate(readings, at);
            set.Baselines.Observe(readings, [], incidentOpen: !healthy, at);
            at = at.AddMinutes(1);
        }

        return at;
    }

    private static IEnumerable<double> Normal(Random rnd, double mean, double sd, int count)
    {
        for (var i = 0; i < count; i++)
            yield return mean + sd * Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
    }

    /// <summary>Release A live for <paramref name="a"/>, then B for <paramref name="b"/> (each with one more reading first, the deploy's mixed window).</summary>
    private static DateTimeOffset Releases(RuleSet set, IEnumerable<double> a, IEnumerable<double> b, IReadOnlySet<string>? quarantined = null)
    {
        set.Baselines.Deployed(A, NoneBad);
        var at = Feed(set, T0, a.Prepend(0));
        set.Baselines.Deployed(B, quarantined ?? NoneBad);
        return Feed(set, at, b.Prepend(0));
    }

    /// <summary>20 readings cycling over five steps of 10 ms from <paramref name="from"/>.</summary>
    private static IEnumerable<double> Steps(double from, int count = 20) => Enumerable.Range(0, count).Select(i => from + i % 5 * 0.01);

    private static Verdict Now(RuleSet set, double value, DateTimeOffset at) => set.Evaluate([Reading.Of(Signal.LatencyP95, value, 100, at)], at)[0];

    /// <summary>A release that ran healthy for 241 readings, then <paramref name="next"/> live for 121: every look spent.</summary>
    private static Judgement Trial(int seed, double shift)
    {
        var rnd = new Random(seed);
        var set = Set();
        set.Baselines.Deployed(A, NoneBad);
        var at = Feed(set, T0, Normal(rnd, 0.3, 0.05, 241));
        set.Baselines.Deployed(B, NoneBad);
        Feed(set, at, Normal(rnd, 0.3 + shift, 0.05, 121));
        return set.Baselines.Judge(Latency)!;
    }

    [Fact]
    public void Judge_ReleasesLikeTheOneBefore_AreCalledRegressedInAtMostOneMinusConfidenceOfTrials()
    {
        var regressed = Enumerable.Range(0, 300).Count(seed => Trial(seed, 0).Outcome == JudgeOutcome.Regressed);

        regressed.ShouldBeLessThanOrEqualTo(6); // 2% of 300, over all six looks of each release
    }

    [Fact]
    public void Judge_ReleasesOneDeviationSlower_AreCalledRegressedInNearlyEveryTrial()
    {
        var regressed = Enumerable.Range(0, 100).Count(seed => Trial(seed, 0.05).Outcome == JudgeOutcome.Regressed);

        regressed.ShouldBeGreaterThanOrEqualTo(95);
    }

    [Fact]
    public void Evaluate_RegressedRelease_FiresWithTheStatisticPValueAndEffectInItsExplanation()
    {
        var set = Set();
        var at = Releases(set, Steps(0.3), Steps(0.4));

        var verdict = Now(set, 0.4, at);

        verdict.Status.ShouldBe(RuleStatus.Firing);
        var judgement = verdict.Judgement.ShouldNotBeNull();
        judgement.Outcome.ShouldBe(JudgeOutcome.Regressed);
        judgement.Look.ShouldBe(1);
        var test = judgement.Deciding.ShouldNotBeNull().Test;
        (test.NNew, test.NBaseline, test.U).ShouldBe((20, 20, 400.0));
        test.Shift.ShouldBe(0.1, 1e-9);
        verdict.Explain().ShouldContain("U=400, p=");
        verdict.Explain().ShouldContain("shift +100 ms, n=20 vs 20 (previous release v1.0 (dep-a)");
    }

    [Fact]
    public void Evaluate_WithoutAnyBaseline_IsInconclusiveSayingWhichAreMissing()
    {
        var set = Set();
        set.Baselines.Deployed(B, NoneBad);
        var at = Feed(set, T0, Enumerable.Repeat(0.4, 25));

        var verdict = Now(set, 0.4, at);

        verdict.Status.ShouldBe(RuleStatus.Inconclusive);
        verdict.Why.ShouldBe(Inconclusion.NoBaseline);
        verdict.Inconclusive().ShouldBe("no baseline to compare v1.1 (dep-b) with: no previous release was measured; no healthy readings the same hours a week earlier");
    }

    [Fact]
    public void Evaluate_TooFewReadingsOfTheRelease_IsInconclusiveNeverAPass()
    {
        var set = Set();
        var at = Releases(set, Steps(0.3, 30), Steps(0.3, 5));

        var verdict = Now(set, 0.3, at);

        verdict.Status.ShouldBe(RuleStatus.Inconclusive);
        verdict.Why.ShouldBe(Inconclusion.TooFewReadings);
        verdict.Inconclusive().ShouldBe("only 5 readings of v1.1 (dep-b) so far, needs 20");
    }

    [Fact]
    public void Judge_OverlappingWindows_TakesOneSampleAWindow()
    {
        var set = Set();
        set.Baselines.Deployed(B, NoneBad);
        // A reading a minute over a 5-minute window: the first window is the deploy's, then one sample every fifth minute.
        Feed(set, T0, Enumerable.Repeat(0.3, 26), window: TimeSpan.FromMinutes(5));

        set.Baselines.Judge(Latency)!.Reason.ShouldBe("only 5 readings of v1.1 (dep-b) so far, needs 20");
    }

    [Fact]
    public void Judge_SignificantShiftBelowMinEffect_IsNotARegression()
    {
        var rule = Latency with { Judge = Settings with { MinEffect = 0.2 } };
        var set = Set(rule);
        Releases(set, Steps(0.3), Steps(0.4));

        var judgement = set.Baselines.Judge(rule)!;

        judgement.Outcome.ShouldBe(JudgeOutcome.NotRegressed);
        judgement.Deciding!.Test.P.ShouldBeLessThan(judgement.Alpha);
    }

    [Fact]
    public void Judge_QuarantinedRelease_IsNobodysBaseline()
    {
        var set = Set();
        Releases(set, Steps(0.3, 30), Steps(0.4), quarantined: new HashSet<string> { "v1.0" });

        set.Baselines.Judge(Latency)!.MissingBaseline.ShouldBeTrue();
    }

    [Fact]
    public void Judge_SlowerThanThePreviousReleaseButNotThanTheSameHoursAWeekEarlier_IsNotARegression()
    {
        var set = Set();
        set.Baselines.Deployed(A, NoneBad);
        // A week of the old release: slow (0.4) in the hour the new release will go live, fast (0.3) in the last hours.
        var at = Feed(set, T0, Enumerable.Range(0, 7 * 24 * 60).Select(i => (i / 60 % 24 == 0 ? 0.4 : 0.3) + i % 5 * 0.01));
        at.ShouldBe(T0.AddDays(7));
        set.Baselines.Deployed(B, NoneBad);
        Feed(set, at, Enumerable.Range(0, 21).Select(i => 0.4 + i % 5 * 0.01));

        var judgement = set.Baselines.Judge(Latency)!;

        judgement.Tests.Count.ShouldBe(2);
        judgement.Tests.Single(t => t.Against.StartsWith("previous", StringComparison.Ordinal)).Test.P.ShouldBeLessThan(judgement.Alpha);
        judgement.Outcome.ShouldBe(JudgeOutcome.NotRegressed);
        judgement.Deciding!.Against.ShouldStartWith("the same hours a week earlier, 11-21 03:00–04:00Z");
    }

    [Fact]
    public void Load_AfterARestart_KeepsThePreviousReleaseAndTheJudgement()
    {
        var set = Set();
        var at = Releases(set, Steps(0.3), Steps(0.4));
        var saved = set.Baselines.Save();

        var restarted = Set();
        restarted.Baselines.Load(saved);
        restarted.Baselines.Deployed(B, NoneBad); // still live: nothing rolls

        var verdict = Now(restarted, 0.4, at);
        verdict.Status.ShouldBe(RuleStatus.Firing);
        verdict.Judgement!.Deciding!.Test.U.ShouldBe(400);
    }

    [Fact]
    public void Evaluate_BetweenLooks_AllocatesNothing()
    {
        var set = Set();
        var at = Releases(set, Steps(0.3), Steps(0.4));
        Reading[] readings = [Reading.Of(Signal.LatencyP95, 0.4, 100, at)];
        set.Evaluate(readings, at); // warm

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) set.Evaluate(readings, at);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void Reset_AfterTheIncidentsRemedy_ForgetsTheVerdictUntilTheNextLiveCheckAndThenJudgesAfresh()
    {
        var set = Set();
        var at = Releases(set, Steps(0.3), Steps(0.4));
        Now(set, 0.4, at).Status.ShouldBe(RuleStatus.Firing);

        set.Reset();
        var meanwhile = Now(set, 0.4, at);
        set.Baselines.Deployed(B, NoneBad); // the flag was turned off: the same release, judged anew

        meanwhile.Status.ShouldBe(RuleStatus.Inconclusive);
        meanwhile.Inconclusive().ShouldBe("which release is live is not known yet");
        set.Baselines.Judge(Latency)!.Reason.ShouldBe("only 0 readings of v1.1 (dep-b) so far, needs 20");
    }
}
