using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Tests.Decisions;

public class RunbookPolicyTests
{
    private static readonly Dictionary<string, string> NoFlags = [];
    private static readonly Dictionary<string, string> Flags = new() { ["rule"] = "FEATURE_NEW_ALGORITHM" };

    [Theory]
    [InlineData(Meaning.DataAtRisk, "data at risk")]
    [InlineData(Meaning.Security, "security")]
    [InlineData(Meaning.ServiceDown, "service completely down")]
    [InlineData(Meaning.CoreBroken, "core functionality broken")]
    public void Decide_CriticalMeaning_RollsBackEvenWithAFlagAndFewUsers(Meaning meaning, string reason)
    {
        var trigger = Tripped(meaning, Signal.ErrorRate, 0.02);

        var d = RunbookPolicy.Decide(trigger, Flags);

        d.Action.ShouldBe(RunbookAction.Rollback);
        d.Reason.ShouldContain(reason);
        d.Flag.ShouldBeNull();
        d.Trigger.ShouldBe(trigger);
    }

    public static TheoryData<string, double, bool, RunbookAction> UsersAffectedBranches => new()
    {
        { "more than half, flag mapped", 0.60, true, RunbookAction.Rollback },
        { "more than half, no flag", 0.60, false, RunbookAction.Rollback },
        { "just over half", 0.5001, true, RunbookAction.Rollback },
        { "exactly half, flag", 0.50, true, RunbookAction.DisableFlag },
        { "exactly half, no flag", 0.50, false, RunbookAction.Rollback },
        { "30%, flag", 0.30, true, RunbookAction.DisableFlag },
        { "30%, no flag", 0.30, false, RunbookAction.Rollback },
        { "just over 10%, flag", 0.1001, true, RunbookAction.DisableFlag },
        { "exactly 10%, flag", 0.10, true, RunbookAction.Monitor },
        { "exactly 10%, no flag", 0.10, false, RunbookAction.Monitor },
        { "5%, no flag", 0.05, false, RunbookAction.Monitor },
        { "none", 0.0, true, RunbookAction.Monitor },
    };

    [Theory]
    [MemberData(nameof(UsersAffectedBranches))]
    public void Decide_UsersAffected_FollowsBothTrees(string branch, double errorRate, bool flagMapped, RunbookAction expected)
    {
        _ = branch;
        var d = RunbookPolicy.Decide(Tripped(Meaning.UsersAffected, Signal.ErrorRate, errorRate), flagMapped ? Flags : NoFlags);

        d.Action.ShouldBe(expected);
        d.Flag.ShouldBe(expected == RunbookAction.DisableFlag ? "FEATURE_NEW_ALGORITHM" : null);
    }

    [Fact]
    public void Decide_DisableFlag_NamesTheFlagAndTheShare()
    {
        var d = RunbookPolicy.Decide(Tripped(Meaning.UsersAffected, Signal.ErrorRate, 0.3), Flags);

        d.Reason.ShouldContain("30% of users affected");
        d.Reason.ShouldContain("FEATURE_NEW_ALGORITHM");
    }

    [Fact]
    public void Decide_FlagMappedToAnotherRule_IsNotUsed()
    {
        var d = RunbookPolicy.Decide(Tripped(Meaning.UsersAffected, Signal.ErrorRate, 0.3, source: "checkout-errors"), Flags);

        d.Action.ShouldBe(RunbookAction.Rollback);
        d.Reason.ShouldContain("no feature flag mapped to checkout-errors");
    }

    [Fact]
    public void Decide_UsersAffectedShareUnknown_RollsBack()
    {
        var d = RunbookPolicy.Decide(Tripped(Meaning.UsersAffected, Signal.LatencyP95, 3.0), Flags);

        d.Action.ShouldBe(RunbookAction.Rollback);
        d.Reason.ShouldContain("unknown");
    }

    [Theory]
    [InlineData(true, RunbookAction.DisableFlag)]
    [InlineData(false, RunbookAction.Rollback)]
    public void Decide_PerformanceDegraded_DisablesMappedFlagElseRollsBack(bool flagMapped, RunbookAction expected)
    {
        var slow = Firing(new Rule("rule", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(5), 10, Meaning.Performance), 0.9, T0, T0.AddMinutes(5), 0.2);

        var d = RunbookPolicy.Decide(slow, flagMapped ? Flags : NoFlags);

        d.Action.ShouldBe(expected);
        d.Flag.ShouldBe(flagMapped ? "FEATURE_NEW_ALGORITHM" : null);
    }

    [Theory]
    [InlineData(Signal.ErrorRate, 0.23, 0.23)]
    [InlineData(Signal.Availability, 0.80, 0.20)]
    [InlineData(Signal.Availability, 1.0, 0.0)]
    [InlineData(Signal.Up, 0.0, 1.0)]
    public void AffectedFraction_ComesFromWhatTheSignalMeasures(Signal signal, double value, double affected)
    {
        Tripped(Meaning.UsersAffected, signal, value).AffectedFraction.ShouldNotBeNull().ShouldBe(affected, 1e-12);
    }

    [Theory]
    [InlineData(Signal.LatencyP95, 2.0)]
    [InlineData(Signal.Up, 1.0)]
    public void AffectedFraction_UnknownWhereTheSignalCannotSay(Signal signal, double value)
    {
        Tripped(Meaning.UsersAffected, signal, value).AffectedFraction.ShouldBeNull();
    }

    [Fact]
    public void Decide_AvailabilityAtEightyPercentAsUsersAffected_TwentyPercentAffectedSoFlagBranch()
    {
        var d = RunbookPolicy.Decide(Tripped(Meaning.UsersAffected, Signal.Availability, 0.80), Flags);

        d.Action.ShouldBe(RunbookAction.DisableFlag);
        d.Reason.ShouldContain("20% of users affected");
    }

    [Fact]
    public void Decide_SeveralTriggers_MostSevereWins()
    {
        var monitor = Tripped(Meaning.UsersAffected, Signal.ErrorRate, 0.05, source: "a");
        var flag = Tripped(Meaning.UsersAffected, Signal.ErrorRate, 0.3, source: "rule");
        var rollback = Tripped(Meaning.CoreBroken, Signal.Availability, 0.9, source: "c");

        RunbookPolicy.Decide([monitor, flag, rollback], Flags).Trigger.ShouldBe(rollback);
        RunbookPolicy.Decide([rollback, flag, monitor], Flags).Trigger.ShouldBe(rollback);
        RunbookPolicy.Decide([monitor, flag], Flags).Action.ShouldBe(RunbookAction.DisableFlag);
        RunbookPolicy.Decide([flag, monitor], Flags).Trigger.ShouldBe(flag);
        RunbookPolicy.Decide([monitor], Flags).Action.ShouldBe(RunbookAction.Monitor);
    }

    [Fact]
    public void Decide_NoTriggers_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => RunbookPolicy.Decide([], Flags));
    }
}
