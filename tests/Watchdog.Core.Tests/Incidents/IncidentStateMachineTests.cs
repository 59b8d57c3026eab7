using Watchdog.Core.Incidents;
using static Watchdog.Core.Incidents.IncidentState;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Incidents;

public class IncidentStateMachineTests
{
    /// <summary>The machine as the runbooks describe it: every move not listed here is forbidden.</summary>
    private static readonly (IncidentState From, IncidentState To)[] AllowedMoves =
    [
        (Detected, Decided), (Detected, Escalated), (Detected, Failed),
        (Decided, AwaitingApproval), (Decided, RollingBack), (Decided, Monitoring), (Decided, Escalated), (Decided, Failed),
        (AwaitingApproval, RollingBack), (AwaitingApproval, Monitoring), (AwaitingApproval, Escalated), (AwaitingApproval, Resolved), (AwaitingApproval, Failed),
        // A flag disable that was refused or did not help is decided again as the rollback.
        (RollingBack, Decided), (RollingBack, Stabilizing), (RollingBack, Verifying), (RollingBack, Escalated), (RollingBack, Failed),
        (Stabilizing, Verifying), (Stabilizing, Escalated), (Stabilizing, Failed),
        (Verifying, Decided), (Verifying, Monitoring), (Verifying, Resolved), (Verifying, Escalated), (Verifying, Failed),
        (Monitoring, Decided), (Monitoring, Resolved), (Monitoring, Escalated), (Monitoring, Failed),
    ];

    public static TheoryData<IncidentState, IncidentState, bool> EveryPair()
    {
        var data = new TheoryData<IncidentState, IncidentState, bool>();
        foreach (var from in Enum.GetValues<IncidentState>())
        foreach (var to in Enum.GetValues<IncidentState>())
            data.Add(from, to, AllowedMoves.Contains((from, to)));
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void CanMove_MatchesTheRunbookStateMachine(IncidentState from, IncidentState to, bool allowed)
    {
        IncidentTransitions.CanMove(from, to).ShouldBe(allowed);
    }

    [Theory]
    [InlineData(Resolved, true)]
    [InlineData(Escalated, true)]
    [InlineData(Failed, true)]
    [InlineData(Detected, false)]
    [InlineData(Decided, false)]
    [InlineData(AwaitingApproval, false)]
    [InlineData(RollingBack, false)]
    [InlineData(Stabilizing, false)]
    [InlineData(Verifying, false)]
    [InlineData(Monitoring, false)]
    public void IsFinal_OnlyResolvedEscalatedFailed(IncidentState state, bool final)
    {
        IncidentTransitions.IsFinal(state).ShouldBe(final);
    }

    [Theory]
    [InlineData(Escalated, RollingBack)]   // a rollback that did not help is never retried
    [InlineData(Failed, RollingBack)]
    [InlineData(Verifying, RollingBack)]
    [InlineData(Monitoring, RollingBack)]  // must be decided again first
    [InlineData(Detected, RollingBack)]    // nothing acts before a decision
    [InlineData(Resolved, Detected)]
    public void MoveTo_ForbiddenMove_ThrowsAndLeavesStateAndTimelineAlone(IncidentState from, IncidentState to)
    {
        var incident = Restored(from);
        var events = incident.Timeline.Count;

        var e = Should.Throw<InvalidOperationException>(() => incident.MoveTo(to, T0, "test"));

        e.Message.ShouldContain($"from {from} to {to}");
        incident.State.ShouldBe(from);
        incident.Timeline.Count.ShouldBe(events);
    }

    [Fact]
    public void MoveTo_WholeRollbackPath_RecordsEachStateOnTheTimeline()
    {
        var incident = new Incident("i", "api", Mode.Auto, ErrorRateTrigger(), T0);
        incident.Decide(new Decision(RunbookAction.Rollback, "core broken", incident.Trigger), T0);
        incident.MoveTo(RollingBack, T0.AddMinutes(1), "rolling back");
        incident.MoveTo(Stabilizing, T0.AddMinutes(2), "live");
        incident.MoveTo(Verifying, T0.AddMinutes(3), "stable");
        incident.MoveTo(Monitoring, T0.AddMinutes(4), "verified");
        incident.MoveTo(Resolved, T0.AddMinutes(5), "quiet");

        incident.Timeline.Select(e => e.Message).ShouldBe(
        [
            "Decided: Rollback: core broken", "RollingBack: rolling back", "Stabilizing: live", "Verifying: stable",
            "Monitoring: verified", "Resolved: quiet",
        ]);
        incident.Timeline.ShouldAllBe(e => e.Kind == TimelineKind.State);
        incident.Timeline.Select(e => e.At).ShouldBeInOrder();
    }

    [Fact]
    public void New_StartsDetectedAndOpen_WithImpactAndDetectionFromTheTrigger()
    {
        var trigger = Firing(ErrorRate, 0.3, T0, T0.AddMinutes(5));

        var incident = new Incident("i", "api", Mode.Auto, trigger, T0.AddMinutes(5).AddSeconds(2));

        incident.State.ShouldBe(Detected);
        incident.IsOpen.ShouldBeTrue();
        incident.ImpactStartedAt.ShouldBe(T0);
        incident.DetectedAt.ShouldBe(T0.AddMinutes(5));
        incident.Decision.ShouldBeNull();
    }

    [Fact]
    public void Decide_SetsDecisionAndMovesToDecided()
    {
        var incident = new Incident("i", "api", Mode.Auto, ErrorRateTrigger(), T0);
        var decision = new Decision(RunbookAction.DisableFlag, "30% affected", incident.Trigger, "FLAG");

        incident.Decide(decision, T0.AddSeconds(1));

        incident.Decision.ShouldBe(decision);
        incident.State.ShouldBe(Decided);
        incident.Timeline[^1].Message.ShouldBe("Decided: DisableFlag: 30% affected");
    }

    [Fact]
    public void MoveTo_Resolved_ClosesTheIncident()
    {
        var incident = Restored(Monitoring);

        incident.MoveTo(Resolved, T0.AddHours(2), "stable");

        incident.IsOpen.ShouldBeFalse();
        incident.ClosedAt.ShouldBe(T0.AddHours(2));
    }

    [Theory]
    [InlineData(Escalated)]
    [InlineData(Failed)]
    public void MoveTo_EscalatedOrFailed_StaysOpenUntilClosed(IncidentState end)
    {
        var incident = Restored(Verifying);

        incident.MoveTo(end, T0.AddMinutes(1), "people needed");

        incident.IsOpen.ShouldBeTrue();
        incident.ClosedAt.ShouldBeNull();
    }

    [Fact]
    public void Close_OpenEscalatedIncident_ClosesOnceAndRecordsWhy()
    {
        var incident = Restored(Escalated);

        incident.Close(T0.AddMinutes(30), "healthy again");
        incident.Close(T0.AddMinutes(45), "again");

        incident.IsOpen.ShouldBeFalse();
        incident.ClosedAt.ShouldBe(T0.AddMinutes(30));
        incident.State.ShouldBe(Escalated);
        incident.Timeline.Count(e => e.Kind == TimelineKind.Closed).ShouldBe(1);
        incident.Timeline[^1].Message.ShouldBe("healthy again");
    }

    [Fact]
    public void Close_AlreadyResolved_DoesNothing()
    {
        var incident = Restored(Monitoring);
        incident.MoveTo(Resolved, T0.AddMinutes(10), "stable");
        var events = incident.Timeline.Count;

        incident.Close(T0.AddMinutes(20), "late");

        incident.ClosedAt.ShouldBe(T0.AddMinutes(10));
        incident.Timeline.Count.ShouldBe(events);
    }

    [Fact]
    public void Record_NumbersEventsFromOneInOrder()
    {
        var incident = new Incident("i", "api", Mode.Auto, ErrorRateTrigger(), T0);

        incident.Record(T0, TimelineKind.Detected, "a");
        incident.Decide(new Decision(RunbookAction.Monitor, "few", incident.Trigger), T0.AddSeconds(1));
        incident.Record(T0.AddSeconds(2), TimelineKind.Notified, "c");

        incident.Timeline.Select(e => e.Seq).ShouldBe([1, 2, 3]);
        incident.Timeline.Select(e => e.Kind).ShouldBe([TimelineKind.Detected, TimelineKind.State, TimelineKind.Notified]);
    }

    [Fact]
    public void Restore_OrdersTimelineBySeqAndContinuesNumbering()
    {
        TimelineEvent[] saved = [new(2, T0.AddSeconds(1), TimelineKind.State, "b"), new(1, T0, TimelineKind.Detected, "a"), new(3, T0.AddSeconds(2), TimelineKind.Step, "c")];
        StepRecord[] steps = [new("identify", StepStatus.Succeeded, 1, T0, T0, "ok"), new("rollback", StepStatus.Started, 1, T0, null, null)];

        var incident = Incident.Restore("i", "api", Mode.Approve, ErrorRateTrigger(), T0, RollingBack, null, null, saved, steps);
        incident.Record(T0.AddSeconds(3), TimelineKind.Step, "d");

        incident.Timeline.Select(e => e.Message).ShouldBe(["a", "b", "c", "d"]);
        incident.Timeline[^1].Seq.ShouldBe(4);
        incident.State.ShouldBe(RollingBack);
        incident.Mode.ShouldBe(Mode.Approve);
        incident.Step("rollback").ShouldNotBeNull().Status.ShouldBe(StepStatus.Started);
        incident.Step("verify").ShouldBeNull();
    }

    [Fact]
    public void SetStep_SameKey_ReplacesTheJournalEntry()
    {
        var incident = new Incident("i", "api", Mode.Auto, ErrorRateTrigger(), T0);

        incident.SetStep(new StepRecord("rollback", StepStatus.Started, 1, T0, null, null));
        incident.SetStep(new StepRecord("rollback", StepStatus.Succeeded, 1, T0, T0.AddMinutes(1), "done"));

        incident.Steps.ShouldHaveSingleItem().Status.ShouldBe(StepStatus.Succeeded);
    }

    [Fact]
    public void Metrics_ComputedFromTheIncidentsTimestamps()
    {
        var incident = new Incident("i", "api", Mode.Auto, Firing(ErrorRate, 0.3, T0, T0.AddMinutes(5)), T0.AddMinutes(5))
        {
            RollbackStartedAt = T0.AddMinutes(6),
            RestoredAt = T0.AddMinutes(11).AddSeconds(30),
        };

        var m = incident.Metrics;

        m.TimeToDetect.ShouldBe(TimeSpan.FromMinutes(5));
        m.TimeToInitiate.ShouldBe(TimeSpan.FromMinutes(1));
        m.TimeToRestore.ShouldBe(TimeSpan.FromMinutes(6.5));
        m.ImpactDuration.ShouldBe(TimeSpan.FromMinutes(11.5));
    }

    [Fact]
    public void Metrics_WithoutRollback_OnlyTimeToDetectIsKnown()
    {
        var incident = new Incident("i", "api", Mode.Auto, Firing(ErrorRate, 0.3, T0, T0.AddMinutes(5)), T0.AddMinutes(5));

        incident.Metrics.ShouldBe(new RollbackMetrics(TimeSpan.FromMinutes(5), null, null, null));
    }

    private static Incident Restored(IncidentState state) =>
        Incident.Restore("i", "api", Mode.Auto, ErrorRateTrigger(), T0, state, null, null, [], []);
}
