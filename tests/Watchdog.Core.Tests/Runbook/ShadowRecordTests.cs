using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Rules;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

public class ShadowRecordTests
{
    private static readonly DateTimeOffset Fired = T0.AddMinutes(5);

    private static Incident Alarm(Mode mode = Mode.Auto, string id = "inc-1", DateTimeOffset? at = null, string service = "api")
    {
        var when = at ?? Fired;
        var trigger = Tripped(Meaning.CoreBroken, source: "error-rate") with { DetectedAt = when, Since = when.AddMinutes(-5) };
        var incident = new Incident(id, service, mode, trigger, when);
        incident.Decide(new Decision(RunbookAction.Rollback, "core broken", trigger), when);
        return incident;
    }

    private static Incident RolledBack(Incident i, IncidentState end)
    {
        i.FromVersion = "v2";
        i.ToVersion = "v1";
        i.RollbackStartedAt = i.OpenedAt;
        i.MoveTo(IncidentState.RollingBack, i.OpenedAt, "rolling back");
        i.SetStep(new StepRecord("verify", StepStatus.Succeeded, 1, i.OpenedAt, i.OpenedAt.AddMinutes(1), "ok"));
        i.RestoredAt = i.OpenedAt.AddMinutes(1);
        i.MoveTo(IncidentState.Stabilizing, i.OpenedAt.AddMinutes(1), "stabilizing");
        i.MoveTo(IncidentState.Verifying, i.OpenedAt.AddMinutes(1), "verifying");
        i.MoveTo(IncidentState.Monitoring, i.OpenedAt.AddMinutes(1), "watching");
        i.MoveTo(end, i.OpenedAt.AddMinutes(30), end == IncidentState.Escalated ? "error-rate breached again while watching" : "stable for 2h");
        return i;
    }

    private static Incident PersonRollback(DateTimeOffset at, string id = "inc-p") =>
        new(id, "api", Mode.Auto, new Trigger(ShadowRecord.PersonRollback, Meaning.CoreBroken, "rollback requested by dana", at, at), at);

    private static AlarmOutcome Only(IReadOnlyList<Incident> incidents, IReadOnlyList<DeployChange>? deploys = null, DateTimeOffset? now = null) =>
        ShadowRecord.Judge(incidents, deploys ?? [], now ?? Fired.AddHours(3)).ShouldHaveSingleItem();

    [Fact]
    public void Vetoed_IsAFalseAlarm_WithThePersonsWords()
    {
        var i = Alarm(Mode.Approve);
        i.Record(Fired.AddMinutes(1), TimelineKind.Vetoed, "vetoed by dana");

        var a = Only([i]);

        a.Verdict.ShouldBe(AlarmVerdict.False);
        a.Why.ShouldBe("vetoed by dana");
        a.Did.ShouldBe("nothing (vetoed)");
        a.FalseRollback.ShouldBeFalse();
    }

    [Fact]
    public void Approved_IsConfirmed()
    {
        var i = Alarm(Mode.Approve);
        i.Record(Fired.AddMinutes(1), TimelineKind.Approved, "approved by dana");

        Only([i]).Verdict.ShouldBe(AlarmVerdict.Confirmed);
    }

    [Fact]
    public void RolledBackAndResolved_IsConfirmed()
    {
        var a = Only([RolledBack(Alarm(), IncidentState.Resolved)]);

        a.Verdict.ShouldBe(AlarmVerdict.Confirmed);
        a.Did.ShouldBe("rolled back");
        a.Why.ShouldContain("restored by the rollback");
    }

    [Fact]
    public void RolledBackThenTheBreachCameBack_IsAFalseRollback()
    {
        var a = Only([RolledBack(Alarm(), IncidentState.Escalated)]);

        a.Verdict.ShouldBe(AlarmVerdict.False);
        a.FalseRollback.ShouldBeTrue();
        a.Why.ShouldContain("did not help");
    }

    [Fact]
    public void RolledBackThenAPersonDeployedTheReleaseAgain_IsAFalseRollback()
    {
        var i = RolledBack(Alarm(), IncidentState.Resolved);

        var a = Only([i], [new DeployChange(Fired.AddMinutes(20), new Deployment("dep-v2b", "v2"))]);

        a.FalseRollback.ShouldBeTrue();
        a.Why.ShouldContain("deployed v2 again");
    }

    [Fact]
    public void DryRun_ADeployFollowedWithinTheHour_IsConfirmed_OneAfterIt_IsNot()
    {
        var i = Alarm(Mode.DryRun);
        i.FromVersion = "v2";
        i.Close(Fired.AddMinutes(50), "healthy again");

        Only([i], [new DeployChange(Fired.AddMinutes(12), new Deployment("dep-v3", "v3"))]).Verdict.ShouldBe(AlarmVerdict.Confirmed);
        var late = Only([i], [new DeployChange(Fired.AddMinutes(90), new Deployment("dep-v3", "v3"))]);
        late.Verdict.ShouldBe(AlarmVerdict.False);
        late.Did.ShouldBe("nothing (dry run)");
    }

    [Fact]
    public void DryRun_AFlagChangedByHandWithinTheHour_IsConfirmed_OneBeforeTheAlarmOrAfterTheHour_IsNot()
    {
        var i = Alarm(Mode.DryRun);
        i.Close(Fired.AddMinutes(50), "healthy again");
        Change Flag(DateTimeOffset at) => new(SuspectKind.Flag, "flag new-checkout turned off at LaunchDarkly", at, Flag: "new-checkout");

        var answered = ShadowRecord.Judge([i], [], Fired.AddHours(3), [Flag(Fired.AddMinutes(8))]).ShouldHaveSingleItem();
        answered.Verdict.ShouldBe(AlarmVerdict.Confirmed);
        answered.Why.ShouldStartWith("flag new-checkout turned off at LaunchDarkly at ");
        ShadowRecord.Judge([i], [], Fired.AddHours(3), [Flag(Fired.AddMinutes(-3)), Flag(Fired.AddMinutes(75))]).ShouldHaveSingleItem().Verdict.ShouldBe(AlarmVerdict.False);
        Only([i]).Why.ShouldContain("no deploy or flag change followed");
    }

    [Fact]
    public void DryRun_NobodyActedYet_IsPendingWithinTheHour()
    {
        var i = Alarm(Mode.DryRun);

        Only([i], now: Fired.AddMinutes(30)).Verdict.ShouldBe(AlarmVerdict.Pending);
        Only([i], now: Fired.AddMinutes(61)).Verdict.ShouldBe(AlarmVerdict.False);
    }

    [Fact]
    public void APersonsRollbackAfterAnAlarm_ConfirmsIt_AndOneWithNoAlarmBeforeIsMissed()
    {
        var alarm = Alarm(Mode.DryRun);
        var answered = PersonRollback(Fired.AddMinutes(10), "inc-p1");
        var unannounced = PersonRollback(Fired.AddHours(5), "inc-p2");
        List<Incident> all = [unannounced, answered, alarm];

        var alarms = ShadowRecord.Judge(all, [], Fired.AddHours(6));
        alarms.ShouldHaveSingleItem().Verdict.ShouldBe(AlarmVerdict.Confirmed);
        alarms[0].Why.ShouldContain("a person rolled back");

        var score = ShadowRecord.Score(alarms, all, TimeSpan.FromDays(7), Fired.AddHours(6)).ShouldHaveSingleItem();
        score.Rule.ShouldBe("error-rate");
        (score.Confirmed, score.False, score.Missed).ShouldBe((1, 0, 1));
        score.Precision.ShouldBe(1.0);
    }

    [Fact]
    public void Score_SevenAndThirtyDays_CountOnlyTheirOwnAlarms()
    {
        var now = Fired.AddDays(12);
        var old = RolledBack(Alarm(id: "inc-old"), IncidentState.Escalated);              // 12 days ago: a false rollback
        var recent = RolledBack(Alarm(id: "inc-new", at: Fired.AddDays(11)), IncidentState.Resolved);
        List<Incident> all = [recent, old];
        var alarms = ShadowRecord.Judge(all, [], now);

        var week = ShadowRecord.Score(alarms, all, TimeSpan.FromDays(7), now).ShouldHaveSingleItem();
        var month = ShadowRecord.Score(alarms, all, TimeSpan.FromDays(30), now).ShouldHaveSingleItem();

        (week.Confirmed, week.False, week.Precision).ShouldBe((1, 0, 1.0));
        (month.Confirmed, month.False, month.FalseRollbacks, month.Precision).ShouldBe((1, 1, 1, 0.5));
    }

    [Fact]
    public void Drills_AreNoAlarms_AndAServiceWithOnlyMissesHasALineOfItsOwn()
    {
        var drill = new Incident("inc-d", "api", Mode.Auto, Tripped(Meaning.CoreBroken, source: "drill"), Fired) { Drill = true };
        var person = PersonRollback(Fired);

        var alarms = ShadowRecord.Judge([drill, person], [], Fired.AddHours(2));

        alarms.ShouldBeEmpty();
        var score = ShadowRecord.Score(alarms, [drill, person], TimeSpan.FromDays(7), Fired.AddHours(2)).ShouldHaveSingleItem();
        (score.Rule, score.Missed, score.Precision).ShouldBe(("*", 1, (double?)null));
    }
}

public class DeployJournalTests
{
    [Fact]
    public async Task ADeploySeenLive_IsJournaled_ForTheShadowRecord()
    {
        var ledger = new InMemoryLedger();
        var w = new Fakes.WatchHarness(ledger: ledger);
        w.Source.Next = Fakes.WatchHarness.Values(w.Now, 0.001);
        await w.Watch.TickAsync(CancellationToken.None);            // v3 live: what was there, not a deploy
        w.R.Provider.Deployments.Insert(0, Deploy("v4", 0));
        w.R.Provider.LiveId = "dep-v4";
        w.R.Clock.Advance(TimeSpan.FromMinutes(11));
        await w.Watch.TickAsync(CancellationToken.None);            // the look sees v4
        var seen = w.Now;
        w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        await w.Watch.TickAsync(CancellationToken.None);

        var deploys = await ReleaseWatch.DeploysAsync(ledger, "api", CancellationToken.None);

        var d = deploys.ShouldHaveSingleItem();
        (d.At, d.Deployment.Id, d.Deployment.Version).ShouldBe((seen, "dep-v4", "v4"));
    }
}

public class ShadowReportTests
{
    [Fact]
    public async Task Read_JudgesEachWatchedServicesAlarmsAgainstItsOwnDeploys_AndLeavesOthersOut()
    {
        var store = new Fakes.InMemoryIncidentStore();
        var ledger = new InMemoryLedger();
        var at = T0.AddMinutes(5);
        foreach (var (service, id) in new[] { ("api", "inc-a"), ("web", "inc-w"), ("gone", "inc-g") })
        {
            var trigger = Tripped(Meaning.CoreBroken, source: "error-rate") with { DetectedAt = at };
            var i = new Incident(id, service, Mode.DryRun, trigger, at);
            i.Decide(new Decision(RunbookAction.Rollback, "core broken", trigger), at);
            await store.SaveAsync(i, CancellationToken.None);
        }

        // web was fixed forward ten minutes after its alarm; api's passed with nobody acting.
        await ledger.TryAddAsync(ReleaseWatch.DeploysScope("web"), at.AddMinutes(10).ToString("O"), "dep-v9\tv9", CancellationToken.None);

        var report = await ShadowReport.ReadAsync(store, ledger, ["api", "web"], at.AddHours(2), CancellationToken.None);

        report.Alarms.Select(a => (a.Service, a.Verdict)).OrderBy(x => x.Service).ShouldBe([("api", AlarmVerdict.False), ("web", AlarmVerdict.Confirmed)]);
        report.Week.Select(s => (s.Service, s.Precision)).ShouldBe([("api", (double?)0.0), ("web", 1.0)]);
        report.Month.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Read_AFlagChangeTheJournalKept_AnswersTheAlarmBeforeIt()
    {
        var store = new Fakes.InMemoryIncidentStore();
        var ledger = new InMemoryLedger();
        var at = T0.AddMinutes(5);
        var trigger = Tripped(Meaning.CoreBroken, source: "error-rate") with { DetectedAt = at };
        var i = new Incident("inc-a", "api", Mode.DryRun, trigger, at);
        i.Decide(new Decision(RunbookAction.Rollback, "core broken", trigger), at);
        await store.SaveAsync(i, CancellationToken.None);
        var off = at.AddMinutes(6).ToString("O");
        await ledger.TryAddAsync(ServiceWatch.FlagChangesScope("api"), $"{off} poll:new-checkout", $"{off}\tnew-checkout\t\tflag new-checkout turned off at Unleash", CancellationToken.None);

        var report = await ShadowReport.ReadAsync(store, ledger, ["api"], at.AddHours(2), CancellationToken.None);

        var alarm = report.Alarms.ShouldHaveSingleItem();
        alarm.Verdict.ShouldBe(AlarmVerdict.Confirmed);
        alarm.Why.ShouldStartWith("flag new-checkout turned off at Unleash at ");
    }
}
