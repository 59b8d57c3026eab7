using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

public class BacktestScoreTests
{
    private static readonly DateTimeOffset From = T0;
    private static readonly DateTimeOffset To = T0.AddHours(12);
    private static readonly DateTimeOffset Now = T0.AddHours(14);

    /// <summary>A replay in which error-rate fired at each of <paramref name="minutes"/> (after T0) and went quiet 10 minutes later.</summary>
    private static List<BacktestEvent> Fired(params int[] minutes) =>
    [
        .. minutes.SelectMany(m => new[]
        {
            new BacktestEvent(T0.AddMinutes(m), "error-rate", RuleStatus.Pending, RuleStatus.Firing, "measured 30%", null),
            new BacktestEvent(T0.AddMinutes(m + 10), "error-rate", RuleStatus.Firing, RuleStatus.Inactive, "measured 1%", null),
        }),
    ];

    /// <summary>An incident the live rule opened in Approve mode at T0+<paramref name="minute"/>, approved (confirmed) or vetoed (false) a minute later.</summary>
    private static Incident Live(int minute, bool approved = true, string id = "inc-1", string service = "api", bool drill = false, int restoredAfter = 20)
    {
        var at = T0.AddMinutes(minute);
        var trigger = Tripped(Meaning.CoreBroken, source: "availability") with { DetectedAt = at, Since = at.AddMinutes(-5) };
        var incident = new Incident(id, service, Mode.Approve, trigger, at) { Drill = drill };
        incident.Decide(new Decision(RunbookAction.Rollback, "core broken", trigger), at);
        incident.Record(at.AddMinutes(1), approved ? TimelineKind.Approved : TimelineKind.Vetoed, approved ? "approved by dana" : "vetoed by dana");
        incident.Close(at.AddMinutes(restoredAfter), approved ? "healthy again" : "passed");
        return incident;
    }

    private static Incident PersonRollback(int minute, string id = "inc-p")
    {
        var at = T0.AddMinutes(minute);
        return new(id, "api", Mode.Auto, new Trigger(ShadowRecord.PersonRollback, Meaning.CoreBroken, "rollback requested by dana", at, at), at);
    }

    private static BacktestScore Score(List<BacktestEvent> events, IReadOnlyList<Incident> incidents, IReadOnlyList<DeployChange>? deploys = null, DateTimeOffset? now = null) =>
        BacktestScoring.Score("api", [ErrorRate, ServiceDown], events, incidents, deploys ?? [], From, To, now ?? Now)[0];

    [Fact]
    public void AnAlarmAConfirmedIncidentFollowed_IsTrue_OneNothingFollowed_IsFalse()
    {
        var s = Score(Fired(60, 300), [Live(70)]);

        s.Alarms.Select(a => (a.At, a.Verdict)).ShouldBe([(T0.AddMinutes(60), AlarmVerdict.Confirmed), (T0.AddMinutes(300), AlarmVerdict.False)]);
        s.Alarms[0].Why.ShouldBe("incident inc-1 (availability), confirmed: approved by dana, at 2026-11-21 04:10:00Z");
        s.Alarms[1].Why.ShouldBe("no confirmed incident, person's rollback or deploy within 1h00m after it");
        (s.True, s.False, s.Pending, s.Missed.Count).ShouldBe((1, 1, 0, 0));
        s.Precision.ShouldBe(0.5);
        s.Recall.ShouldBe(1.0);
    }

    [Fact]
    public void AnAlarmFiringWhileAConfirmedIncidentWasUnrestored_IsTrue_AndTheIncidentIsNotMissed()
    {
        var s = Score(Fired(73), [Live(70)]);

        var a = s.Alarms.ShouldHaveSingleItem();
        a.Verdict.ShouldBe(AlarmVerdict.Confirmed);
        a.Why.ShouldStartWith("during incident inc-1 (availability), confirmed");
        s.Missed.ShouldBeEmpty();
    }

    [Fact]
    public void AConfirmedIncidentOrAPersonsRollbackWithNoAlarmInTheHourBefore_IsMissed()
    {
        var s = Score(Fired(100), [PersonRollback(400), Live(10)]);

        s.Missed.Select(m => m.At).ShouldBe([T0.AddMinutes(10), T0.AddMinutes(400)]);
        s.Missed[0].What.ShouldStartWith("incident inc-1 (availability), confirmed");
        s.Missed[1].What.ShouldBe("a person rolled back (rollback requested by dana), incident inc-p");
        s.Incidents.ShouldBe(2);
        s.Recall.ShouldBe(0.0);
        s.Precision.ShouldBe(0.0, "the alarm at 100 had nothing after it");
    }

    [Fact]
    public void APersonsRollbackThatConfirmedAnIncident_IsThatIncident_NotASecondOne()
    {
        var dryRun = new Incident("inc-1", "api", Mode.DryRun, Tripped(Meaning.CoreBroken, source: "availability") with { DetectedAt = T0.AddMinutes(30) }, T0.AddMinutes(30));

        var s = Score(Fired(25), [PersonRollback(40), dryRun]);

        s.Incidents.ShouldBe(1);
        s.Alarms.ShouldHaveSingleItem().Verdict.ShouldBe(AlarmVerdict.Confirmed);
        s.Recall.ShouldBe(1.0);
    }

    [Fact]
    public void ADeployWithinTheHourAfter_MakesItTrue_OneLater_DoesNot()
    {
        var s = Score(Fired(60, 300), [], [new DeployChange(T0.AddMinutes(80), new Deployment("dep-v3", "v3")), new DeployChange(T0.AddMinutes(390), new Deployment("dep-v4", "v4"))]);

        s.Alarms.Select(a => a.Verdict).ShouldBe([AlarmVerdict.Confirmed, AlarmVerdict.False]);
        s.Alarms[0].Why.ShouldContain("v3");
        s.Alarms[0].Why.ShouldContain("went live at 2026-11-21 04:20:00Z");
        s.Recall.ShouldBeNull("a deploy is no incident: nothing to catch");
    }

    [Fact]
    public void AnAlarmInTheLastHour_IsPending_AndOutOfThePrecision()
    {
        var s = Score(Fired(60, 700), [], now: T0.AddMinutes(730));

        s.Alarms.Select(a => a.Verdict).ShouldBe([AlarmVerdict.False, AlarmVerdict.Pending]);
        s.Alarms[1].Why.ShouldBe("watching what people do, until 2026-11-21 15:40:00Z");
        s.Precision.ShouldBe(0.0);
    }

    [Fact]
    public void AVetoedLiveAlarmAfterIt_IsFalse_WithThePersonsWords()
    {
        var s = Score(Fired(60), [Live(65, approved: false)]);

        var a = s.Alarms.ShouldHaveSingleItem();
        a.Verdict.ShouldBe(AlarmVerdict.False);
        a.Why.ShouldBe("incident inc-1 (availability) at 2026-11-21 04:05:00Z was a false alarm: vetoed by dana");
    }

    [Fact]
    public void OtherServices_Drills_AndIncidentsOutsideTheReplay_DoNotCount()
    {
        var s = Score(Fired(60), [Live(70, service: "web", id: "w"), Live(75, drill: true, id: "d"), Live(800, id: "late"), PersonRollback(-90)]);

        s.Alarms.ShouldHaveSingleItem().Verdict.ShouldBe(AlarmVerdict.False);
        s.Incidents.ShouldBe(0);
        s.Missed.ShouldBeEmpty();
    }

    [Fact]
    public void ConsecutiveFiringTicks_AreOneAlarm_EachRuleIsScoredOnItsOwn()
    {
        List<BacktestEvent> events =
        [
            new(T0.AddMinutes(5), "error-rate", RuleStatus.Pending, RuleStatus.Firing, "", null),
            new(T0.AddMinutes(6), "error-rate", RuleStatus.Firing, RuleStatus.Firing, "", null),
            new(T0.AddMinutes(9), "error-rate", RuleStatus.Firing, RuleStatus.Inactive, "", null),
            new(T0.AddMinutes(20), "error-rate", RuleStatus.Inactive, RuleStatus.Firing, "", null),
            new(T0.AddMinutes(55), "service-down", RuleStatus.Pending, RuleStatus.Firing, "", null),
        ];

        var scores = BacktestScoring.Score("api", [ErrorRate, ServiceDown], events, [Live(30)], [], From, To, Now);

        scores.Select(s => (s.Rule, s.Alarms.Count, s.True, s.Missed.Count)).ShouldBe([("error-rate", 2, 2, 0), ("service-down", 1, 0, 1)]);
        scores[1].Alarms[0].Why.ShouldBe("no confirmed incident, person's rollback or deploy within 1h00m after it");
    }
}
