using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

/// <summary>Which changes an incident suspects, closest before the first breach first, and how the decision acts on the top one.</summary>
public sealed class SuspectsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(2);

    private static Change Deploy(string version, int minutesBefore, string? component = null) =>
        new(SuspectKind.Deploy, $"deployment {version}", T0.AddMinutes(-minutesBefore), component);

    private static Change FlagOn(string flag, int minutesBefore) =>
        new(SuspectKind.Flag, $"flag {flag} turned on at launchdarkly", T0.AddMinutes(-minutesBefore), Flag: flag, TurnedOn: true);

    [Fact]
    public void Rank_ClosestBeforeTheBreachFirst_WithLeadAndComponent()
    {
        var ranked = Suspects.Rank([Deploy("v3", 90), FlagOn("new-checkout", 4), Deploy("w7", 30, "worker")], T0, Window);

        ranked.Select(s => s.What).ShouldBe(["flag new-checkout turned on at launchdarkly", "deployment w7", "deployment v3"]);
        ranked.Select(s => s.Lead).ShouldBe([TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(90)]);
        ranked[1].Component.ShouldBe("worker");
        ranked[1].Describe().ShouldBe("deployment w7 of worker 30m before the first breach");
        ranked[0].ChangedAt.ShouldBe(T0.AddMinutes(-4));
    }

    [Fact]
    public void Rank_ChangesAfterTheBreachOrOutsideTheWindow_AreNoSuspects()
    {
        var ranked = Suspects.Rank([Deploy("late", -1), Deploy("old", 121), Deploy("edge", 120), Deploy("at", 0)], T0, Window);

        ranked.Select(s => s.What).ShouldBe(["deployment at", "deployment edge"]);
    }

    [Fact]
    public void Rank_SameInstant_TheDeployFirst()
    {
        var ranked = Suspects.Rank([FlagOn("f", 5), Deploy("v3", 5)], T0, Window);

        ranked[0].Kind.ShouldBe(SuspectKind.Deploy);
    }

    [Fact]
    public void LastDeploy_IsTheNewestBeforeTheBreachHoweverOld()
    {
        Suspects.LastDeploy([Deploy("v1", 400), Deploy("v2", 180), Deploy("late", -3), FlagOn("f", 4)], T0)!.What.ShouldBe("deployment v2");
        Suspects.Describe([], Window).ShouldBe("no deploy or flag change seen in the 2h00m before the first breach");
    }

    private static Decision Decided(Meaning meaning, double errorRate, IReadOnlyDictionary<string, string>? flags = null) =>
        RunbookPolicy.Decide(Tripped(meaning, Signal.ErrorRate, errorRate), flags ?? new Dictionary<string, string>());

    [Fact]
    public void OnSuspects_TopIsAFlagTurnedOn_DisablesThatFlagAndSaysWhy()
    {
        var decided = Decided(Meaning.UsersAffected, 0.6); // more than half: the tree alone rolls back
        Change[] changes = [FlagOn("new-checkout", 4), Deploy("v3", 180)];

        var d = RunbookPolicy.OnSuspects(decided, Suspects.Rank(changes, T0, Window), Suspects.LastDeploy(changes, T0), T0);

        d.Action.ShouldBe(RunbookAction.DisableFlag);
        d.Flag.ShouldBe("new-checkout");
        d.Trigger.ShouldBe(decided.Trigger);
        d.Reason.ShouldBe("flag new-checkout turned on at launchdarkly 4m before the first breach; the last deploy (deployment v3) was 3h00m before the first breach: " +
            "disable feature flag new-checkout, the change that came closest, rather than roll back");
    }

    [Fact]
    public void OnSuspects_TheChangedFlagWinsOverTheRulesMappedFlag()
    {
        var decided = Decided(Meaning.UsersAffected, 0.3, new Dictionary<string, string> { ["rule"] = "mapped-flag" });

        var d = RunbookPolicy.OnSuspects(decided, Suspects.Rank([FlagOn("new-checkout", 4)], T0, Window), null, T0);

        (d.Action, d.Flag).ShouldBe((RunbookAction.DisableFlag, "new-checkout"));
        d.Reason.ShouldContain("no deploy seen before it");
    }

    [Fact]
    public void OnSuspects_TopIsADeploy_KeepsTodaysDecision()
    {
        var decided = Decided(Meaning.UsersAffected, 0.6);

        RunbookPolicy.OnSuspects(decided, Suspects.Rank([FlagOn("new-checkout", 30), Deploy("v3", 5)], T0, Window), null, T0).ShouldBe(decided);
    }

    [Theory]
    [InlineData(Meaning.DataAtRisk)]
    [InlineData(Meaning.Security)]
    [InlineData(Meaning.ServiceDown)]
    public void OnSuspects_WhereTheRunbookSaysImmediately_RollsBackRegardless_AndNamesTheFlag(Meaning meaning)
    {
        var decided = Decided(meaning, 0.6);

        var d = RunbookPolicy.OnSuspects(decided, Suspects.Rank([FlagOn("new-checkout", 4)], T0, Window), null, T0);

        d.Action.ShouldBe(RunbookAction.Rollback);
        d.Flag.ShouldBeNull();
        d.Reason.ShouldStartWith(decided.Reason);
        d.Reason.ShouldContain("top suspect: flag new-checkout turned on");
        d.Reason.ShouldContain("rolled back regardless");
    }

    [Fact]
    public void OnSuspects_CoreBroken_TakesTheFlag()
    {
        var d = RunbookPolicy.OnSuspects(Decided(Meaning.CoreBroken, 0.6), Suspects.Rank([FlagOn("new-checkout", 4)], T0, Window), null, T0);

        (d.Action, d.Flag).ShouldBe((RunbookAction.DisableFlag, "new-checkout"));
    }

    [Fact]
    public void OnSuspects_MonitorStaysMonitor_AndAFallThroughStaysARollback()
    {
        var ranked = Suspects.Rank([FlagOn("new-checkout", 4)], T0, Window);
        var monitor = Decided(Meaning.UsersAffected, 0.05);
        RunbookPolicy.OnSuspects(monitor, ranked, null, T0).ShouldBe(monitor);

        var fell = RunbookPolicy.AfterFlag(new Decision(RunbookAction.DisableFlag, "x", monitor.Trigger, "new-checkout"), "did not help");
        RunbookPolicy.OnSuspects(fell, ranked, null, T0).ShouldBe(fell);
    }

    [Fact]
    public void OnSuspects_AFlagChangeThatDidNotTurnItOn_OrCannotBeSwitched_KeepsTodaysDecision()
    {
        var decided = Decided(Meaning.UsersAffected, 0.6);
        Change[] changes =
        [
            new(SuspectKind.Flag, "flag f changed (targeting) at launchdarkly", T0.AddMinutes(-2), Flag: "f"),
            new(SuspectKind.Flag, "flag g turned on at unleash", T0.AddMinutes(-3), TurnedOn: true), // no flag service of its own to turn it off at
        ];

        RunbookPolicy.OnSuspects(decided, Suspects.Rank(changes, T0, Window), null, T0).ShouldBe(decided);
        RunbookPolicy.OnSuspects(decided, Suspects.Rank([changes[1]], T0, Window), null, T0).ShouldBe(decided);
    }
}
