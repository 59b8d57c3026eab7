using Watchdog.Core.Rules;

namespace Watchdog.Core.Tests.Rules.Judge;

/// <summary>Reference values from an independent Python computation (midranks, tie-corrected variance, continuity correction, math.erfc).</summary>
public sealed class RankTestTests
{
    [Fact]
    public void Greater_NewerAllBelow_CountsNoPairAndFindsNoRegression()
    {
        var test = RankTest.Greater([1, 2, 3], [4, 5, 6]);

        test.U.ShouldBe(0);
        // μ = 4.5, σ² = 9/12 · 7 = 5.25: z = (0 − 4.5 − 0.5) / √5.25
        test.Z.ShouldBe(-5 / Math.Sqrt(5.25), 1e-12);
        test.P.ShouldBe(0.9854518341293739, 1e-12);
        test.Shift.ShouldBe(-3);
        test.Superiority.ShouldBe(0);
    }

    [Fact]
    public void Greater_TiedLatencies_MatchesTheReference()
    {
        double[] newer = [0.32, 0.36, 0.32, 0.31, 0.28, 0.32, 0.39, 0.35, 0.38, 0.34, 0.35, 0.34, 0.25, 0.37, 0.36, 0.35, 0.25, 0.24, 0.29, 0.31, 0.35, 0.33, 0.36, 0.3, 0.35];
        double[] before = [0.32, 0.27, 0.39, 0.33, 0.36, 0.27, 0.26, 0.28, 0.29, 0.33, 0.31, 0.28, 0.25, 0.27, 0.36, 0.26, 0.31, 0.32, 0.23, 0.3, 0.37, 0.2];

        var test = RankTest.Greater(newer, before);

        test.U.ShouldBe(372);
        test.Z.ShouldBe(2.0628806126321875, 1e-12);
        test.P.ShouldBe(0.019561986269452387, 1e-12);
        test.Shift.ShouldBe(0.03, 1e-12);
        (test.NNew, test.NBaseline).ShouldBe((25, 22));
    }

    [Fact]
    public void Greater_MostlyZeroErrorRates_IsSignificantWhileTheMedianShiftIsZero()
    {
        double[] newer = [0, 0, 0.01, 0, 0.02, 0, 0, 0.03, 0.01, 0, 0, 0.02, 0.04, 0, 0.01, 0, 0.02, 0, 0.03, 0.01];
        double[] before = [0, 0, 0, 0, 0.01, 0, 0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0];

        var test = RankTest.Greater(newer, before);

        test.U.ShouldBe(309);
        test.Z.ShouldBe(2.73094274467957, 1e-12);
        test.P.ShouldBe(0.003157672108355907, 1e-12);
        test.Shift.ShouldBe(0); // why MinEffect defaults to 0: a shift of the median misses a rise confined to the tail
    }

    [Fact]
    public void Greater_AllAlike_GivesNoEvidence()
    {
        var test = RankTest.Greater([0.2, 0.2, 0.2], [0.2, 0.2]);

        test.P.ShouldBe(1);
        test.U.ShouldBe(3); // every pair a tie, counted half
    }
}
