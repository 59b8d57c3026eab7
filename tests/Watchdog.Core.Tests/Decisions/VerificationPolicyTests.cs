using Watchdog.Core.Decisions;

namespace Watchdog.Core.Tests.Decisions;

/// <summary>The judgement of a verification, apart from the probes that measure it.</summary>
public class VerificationPolicyTests
{
    private static readonly VerificationPlan Default = new(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), 0.01);

    [Theory]
    [InlineData(60, 5, 0.01, 13, 0)]   // the defaults: 13 probes, 1% of 13 is no failure at all
    [InlineData(60, 5, 0.10, 13, 1)]
    [InlineData(60, 5, 0.50, 13, 6)]
    [InlineData(300, 1, 0.01, 301, 3)]
    [InlineData(10, 5, 1.0, 3, 3)]
    public void Plan_ProbesAndAllowance(int windowSeconds, int intervalSeconds, double maxErrorRate, int probes, int allowed)
    {
        var plan = new VerificationPlan(TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(intervalSeconds), maxErrorRate);

        plan.Probes.ShouldBe(probes);
        plan.AllowedFailures.ShouldBe(allowed);
    }

    [Fact]
    public void Spent_TheFirstFailureBeyondTheAllowance_FailsAtOnceSayingWhy()
    {
        var plan = Default with { MaxErrorRate = 0.1 };
        var tally = default(ProbeTally).Add(null).Add("unhealthy (HTTP 500)");
        VerificationPolicy.Spent(plan, tally, "unhealthy (HTTP 500)").ShouldBeNull();

        tally = tally.Add("unreachable (connection refused)");

        VerificationPolicy.Spent(plan, tally, "unreachable (connection refused)").ShouldBe(
            "health probe 3 of 13 unreachable (connection refused); 1/3 healthy so far; max error rate 10% allows 1 failed of 13");
    }

    [Fact]
    public void Health_AllHealthy_Passes()
    {
        var tally = Enumerable.Range(0, 13).Aggregate(default(ProbeTally), (t, _) => t.Add(null));

        VerificationPolicy.Health(Default, tally, null, "4 ms").ShouldBe((true, "health 13/13 healthy over 1m, p95 4 ms"));
    }

    [Fact]
    public void Health_FailuresWithinTheAllowance_PassNamingTheFirst()
    {
        var plan = Default with { MaxErrorRate = 0.1 };
        var tally = default(ProbeTally).Add(null).Add("unhealthy (HTTP 503)");
        tally = Enumerable.Range(0, 11).Aggregate(tally, (t, _) => t.Add(null));

        VerificationPolicy.Health(plan, tally, null, "9 ms").ShouldBe(
            (true, "health 12/13 healthy over 1m, p95 9 ms (1 failed within the 10% budget; first probe 2: unhealthy (HTTP 503))"));
    }

    [Fact]
    public void Health_LastProbeFailed_FailsWhateverTheAllowance()
    {
        var plan = Default with { MaxErrorRate = 1.0 };
        var tally = Enumerable.Range(0, 12).Aggregate(default(ProbeTally), (t, _) => t.Add(null)).Add("unhealthy (HTTP 500)");

        VerificationPolicy.Health(plan, tally, "unhealthy (HTTP 500)", "5 ms").ShouldBe((false, "health 12/13 healthy, but the last probe unhealthy (HTTP 500)"));
    }

    [Theory]
    [InlineData("v1", "v1", true)]
    [InlineData(" v1 ", "v1", true)]
    [InlineData("v1", "V1", false)]
    [InlineData("v1.2", "v1", false)]
    [InlineData("3f9c2ab", "3f9c2ab5d07e4c1e9a1d2b3c4d5e6f708192a3b4", true)]
    [InlineData("3F9C2AB5D07E4C1E9A1D2B3C4D5E6F708192A3B4", "3f9c2ab", true)]
    [InlineData("3f9c2a", "3f9c2ab5d07e", false)] // under 7 characters is not a commit
    [InlineData("3f9c2ab", "4f9c2ab5d07e", false)]
    public void SameVersion_EqualTextOrAbbreviatedCommit(string seen, string expected, bool same) =>
        VerificationPolicy.SameVersion(seen, expected).ShouldBe(same);
}
