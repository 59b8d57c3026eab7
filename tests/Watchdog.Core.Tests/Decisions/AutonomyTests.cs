using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

public class AutonomyTests
{
    private static readonly RollbackBudget Budget = new(TimeSpan.FromMinutes(30), 2);

    private static Decision Rollback() => new(RunbookAction.Rollback, "core broken", ErrorRateTrigger());

    private static AlarmOutcome Alarm(int day, AlarmVerdict verdict, bool falseRollback = false) =>
        new($"inc-{day}", "api", "error-rate", T0.AddDays(day), RunbookAction.Rollback, "rolled back", verdict, falseRollback, verdict.ToString());

    [Theory]
    [InlineData(Autonomy.Notify, Mode.Auto, Passage.Monitor)]
    [InlineData(Autonomy.Ask, Mode.Auto, Passage.Ask)]
    [InlineData(Autonomy.Act, Mode.Approve, Passage.Act)]
    [InlineData(Autonomy.Act, Mode.DryRun, Passage.DryRun)]
    [InlineData(Autonomy.Notify, Mode.DryRun, Passage.DryRun)]
    public void Gate_TheRulesAutonomyStandsInForTheMode_DryRunAside(Autonomy autonomy, Mode mode, Passage passage)
    {
        var rule = new RuleAutonomy("error-rate", autonomy, autonomy == Autonomy.Act, $"configured {autonomy}");

        var gate = ActionGate.Judge(Rollback(), mode, Authority.None, Budget, [], T0, rule);

        gate.Passage.ShouldBe(passage);
        if (passage != Passage.DryRun) gate.Reason.ShouldContain($"autonomy {autonomy}");
    }

    [Fact]
    public void Gate_AnActingRuleStillKeepsToTheBudget_AndAPersonsApprovalStillActs()
    {
        var rule = new RuleAutonomy("error-rate", Autonomy.Earned, MayAct: true, "3 confirmed in a row");
        ActionGate.Judge(Rollback(), Mode.Auto, Authority.None, Budget, [T0.AddMinutes(-10)], T0, rule).Passage.ShouldBe(Passage.Refuse);

        var asking = rule with { MayAct = false };
        ActionGate.Judge(Rollback(), Mode.Auto, Authority.Approved, Budget, [], T0, asking).Passage.ShouldBe(Passage.Act);
    }

    [Fact]
    public void Earned_ActsOnlyAfterEnoughConfirmedInARow()
    {
        EarnedAutonomy.Assess([Alarm(1, AlarmVerdict.Confirmed), Alarm(2, AlarmVerdict.Confirmed)], 3).MayAct.ShouldBeFalse();

        var (mayAct, why) = EarnedAutonomy.Assess([Alarm(3, AlarmVerdict.Confirmed), Alarm(1, AlarmVerdict.Confirmed), Alarm(2, AlarmVerdict.Confirmed)], 3);

        mayAct.ShouldBeTrue();
        why.ShouldStartWith("3 confirmed in a row");
        why.ShouldContain("0 false rollbacks");
    }

    [Fact]
    public void Earned_OneFalseRollbackStartsTheCountAgain_PendingAlarmsCountForNothing()
    {
        List<AlarmOutcome> record =
        [
            Alarm(1, AlarmVerdict.Confirmed), Alarm(2, AlarmVerdict.Confirmed), Alarm(3, AlarmVerdict.Confirmed),
            Alarm(4, AlarmVerdict.False, falseRollback: true), Alarm(5, AlarmVerdict.Confirmed), Alarm(6, AlarmVerdict.Pending),
        ];

        var (mayAct, why) = EarnedAutonomy.Assess(record, 3);

        mayAct.ShouldBeFalse();
        why.ShouldStartWith("1 of 3 confirmed in a row since a false rollback on");
        why.ShouldContain("4 confirmed, 0 false alarms, 1 false rollback");
    }
}
