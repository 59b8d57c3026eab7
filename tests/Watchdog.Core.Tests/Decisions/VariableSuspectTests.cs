using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

/// <summary>
/// A configuration variable as the top suspect: Watchdog never stored its old value, so it asks a person (naming the
/// variable) rather than roll back a release that did not change, and no veto window acts in their silence.
/// </summary>
public sealed class VariableSuspectTests
{
    private static Change Variable(string name, int minutesBefore) =>
        new(SuspectKind.Variable, $"variable {name} changed at Railway", T0.AddMinutes(-minutesBefore));

    private static Change Deploy(string version, int minutesBefore) => new(SuspectKind.Deploy, $"deployment {version}", T0.AddMinutes(-minutesBefore));

    private static Decision Decided(Meaning meaning) => RunbookPolicy.Decide(Tripped(meaning, Signal.ErrorRate, 0.6), new Dictionary<string, string>());

    private static Decision OnSuspects(Decision decided, params Change[] changes) =>
        RunbookPolicy.OnSuspects(decided, Suspects.Rank(changes, T0, Suspects.Lookback), Suspects.LastDeploy(changes, T0), T0);

    [Theory]
    [InlineData(Meaning.DataAtRisk)]
    [InlineData(Meaning.Security)]
    [InlineData(Meaning.ServiceDown)]
    public void TopIsAVariable_WhereTheRunbookSaysImmediately_RollsBackAnyway_NamingIt(Meaning meaning)
    {
        var decided = Decided(meaning);

        var d = OnSuspects(decided, Variable("DATABASE_POOL", 3), Deploy("v3", 70));

        d.Action.ShouldBe(RunbookAction.Rollback);
        d.PersonDecides.ShouldBeNull();
        d.Reason.ShouldEndWith("(top suspect: variable DATABASE_POOL changed at Railway 3m before the first breach; the last deploy (deployment v3) was " +
            "1h10m before the first breach; rolled back regardless: the runbook says immediately)");
    }

    [Theory]
    [InlineData(Meaning.UsersAffected)]
    [InlineData(Meaning.CoreBroken)]
    public void TopIsAVariable_APersonDecides_NamingTheVariableAndWhy(Meaning meaning)
    {
        var decided = Decided(meaning);

        var d = OnSuspects(decided, Variable("DATABASE_POOL", 3), Deploy("v3", 70));

        d.Action.ShouldBe(decided.Action);
        d.PersonDecides.ShouldNotBeNull().ShouldStartWith("the top suspect is variable DATABASE_POOL changed at Railway 3m before the first breach; " +
            "the last deploy (deployment v3) was 1h10m before the first breach. Watchdog never stores a variable's value");
        d.PersonDecides.ShouldContain("rolling back a release that did not change would not undo it");
        d.Reason.ShouldEndWith("(top suspect: variable DATABASE_POOL changed at Railway 3m before the first breach: a person decides)");
    }

    [Fact]
    public void ADeployCloserThanTheVariable_KeepsTodaysDecision_AndMonitorStaysMonitor()
    {
        var decided = Decided(Meaning.UsersAffected);
        OnSuspects(decided, Variable("DATABASE_POOL", 30), Deploy("v3", 5)).ShouldBe(decided);

        var monitor = new Decision(RunbookAction.Monitor, "5% of users affected", decided.Trigger);
        OnSuspects(monitor, Variable("DATABASE_POOL", 3)).ShouldBe(monitor);
    }

    [Fact]
    public void TheGate_AsksAPerson_InAutoModeAndWithAnAutonomyThatActs_ButADryRunStaysDry()
    {
        var d = OnSuspects(Decided(Meaning.UsersAffected), Variable("DATABASE_POOL", 3));

        var auto = ActionGate.Judge(d, Mode.Auto, Authority.None, RollbackBudget.Default, [], T0);
        var unvetoed = ActionGate.Judge(d, Mode.Approve, Authority.Unvetoed, RollbackBudget.Default, [], T0);

        auto.Passage.ShouldBe(Passage.Ask);
        auto.Reason.ShouldStartWith("a person decides: the top suspect is variable DATABASE_POOL");
        unvetoed.Passage.ShouldBe(Passage.Ask);
        ActionGate.Judge(d, Mode.DryRun, Authority.None, RollbackBudget.Default, [], T0).Passage.ShouldBe(Passage.DryRun);
        ActionGate.Judge(d, Mode.Auto, Authority.Approved, RollbackBudget.Default, [], T0).Passage.ShouldBe(Passage.Act);
    }

    [Fact]
    public void AwaitingAPersonsDecision_NoVetoWindowActs()
    {
        var decided = Decided(Meaning.UsersAffected);
        var asked = OnSuspects(decided, Variable("DATABASE_POOL", 3));
        var settings = new LifecycleSettings(TimeSpan.FromHours(2), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5), new Dictionary<string, string>());
        Incident Awaiting(Decision d)
        {
            var i = new Incident("i-1", "api", Mode.Approve, d.Trigger, T0);
            i.Decide(d, T0);
            i.MoveTo(IncidentState.AwaitingApproval, T0, "asked");
            return i;
        }

        var firing = new List<Trigger> { decided.Trigger };
        IncidentLifecycle.Next(Awaiting(decided), firing, false, T0.AddMinutes(6), settings).Move.ShouldBe(Move.ActUnvetoed);
        IncidentLifecycle.Next(Awaiting(asked), firing, false, T0.AddMinutes(6), settings).Move.ShouldBe(Move.None);
    }

    [Fact]
    public void AFallThroughFromADisableAPersonDecided_IsAPersonsToo()
    {
        var disable = new Decision(RunbookAction.DisableFlag, "disable x", Tripped(Meaning.UsersAffected), "x") { PersonDecides = "variable FOO" };

        RunbookPolicy.AfterFlag(disable, "did not help").PersonDecides.ShouldBe("variable FOO");
    }
}
