using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

/// <summary>The lifecycle on a fake clock: every transition a row. Incidents open at T0.</summary>
public class IncidentLifecycleTests
{
    private static readonly LifecycleSettings Settings = new(
        MonitorFor: TimeSpan.FromHours(2), MonitorUpdateEvery: TimeSpan.FromMinutes(15), VetoWindow: TimeSpan.FromMinutes(5), FeatureFlags: new Dictionary<string, string>());

    /// <summary>An incident in the named situation, as the executor leaves it.</summary>
    private static Incident? Situation(string name)
    {
        if (name == "none") return null;
        var mode = name.StartsWith("dry-run", StringComparison.Ordinal) ? Mode.DryRun : name.StartsWith("awaiting", StringComparison.Ordinal) ? Mode.Approve : Mode.Auto;
        var action = name.Contains("watched") ? RunbookAction.Monitor : name.Contains("flag") ? RunbookAction.DisableFlag : RunbookAction.Rollback;
        var i = DecidedIncident(T0, action, action == RunbookAction.DisableFlag ? "FEATURE_X" : null, mode);
        switch (name)
        {
            case "decided":
                break;
            case "rolling-back" or "stabilizing" or "verifying":
                Act(i);
                if (name != "rolling-back") i.MoveTo(IncidentState.Stabilizing, T0, "stabilizing");
                if (name == "verifying") i.MoveTo(IncidentState.Verifying, T0, "verifying");
                break;
            case "rolled-back" or "flag-disabled":
                Act(i);
                i.MoveTo(IncidentState.Verifying, T0, "verifying");
                i.ToVersion = "v1";
                i.RestoredAt = T0;
                i.MoveTo(IncidentState.Monitoring, T0, "restored");
                break;
            case "rolled-back-progress-sent":
                return WithProgress(Situation("rolled-back")!, T0.AddMinutes(10));
            case "watched" or "dry-run-watched" or "dry-run":
                i.MoveTo(IncidentState.Monitoring, T0, "watching");
                break;
            case "awaiting":
                i.MoveTo(IncidentState.AwaitingApproval, T0, "asking");
                break;
            case "escalated" or "failed":
                i.MoveTo(name == "failed" ? IncidentState.Failed : IncidentState.Escalated, T0, "people own it");
                break;
            case "resolved":
                i.MoveTo(IncidentState.Monitoring, T0, "watching");
                i.MoveTo(IncidentState.Resolved, T0, "done");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }

        return i;
    }

    private static void Act(Incident i)
    {
        i.RollbackStartedAt = T0;
        i.MoveTo(IncidentState.RollingBack, T0, "acting");
    }

    private static Incident WithProgress(Incident i, DateTimeOffset at)
    {
        i.SetStep(new StepRecord(IncidentLifecycle.ProgressStep + ":1", StepStatus.Succeeded, 1, at, at, "sent"));
        return i;
    }

    /// <summary>What fires: nothing, the seeds' error rate (23% of users: roll back), a slight one (5%: watch), or the service down.</summary>
    private static Trigger[] Fires(string what) => what switch
    {
        "nothing" => [],
        "errors" => [ErrorRateTrigger()],
        "slight" => [TestData.Firing(ErrorRate, 0.05, T0, T0)],
        "down" => [Tripped(Meaning.ServiceDown, Signal.Up, 0, "service-down")],
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    [Theory]
    // Nothing open: what fires opens an incident with the policy's decision; nothing firing does nothing.
    [InlineData("none", "nothing", false, 0, Move.None, "")]
    [InlineData("none", "errors", false, 0, Move.Open, "")]
    [InlineData("resolved", "errors", false, 0, Move.Open, "")]
    [InlineData("none", "nothing", true, 0, Move.None, "")]
    // After acting: what fires again goes to people, never a second action.
    [InlineData("rolled-back", "errors", false, 1, Move.Escalate, "regression after the rollback: error-rate")]
    // A flag disable that did not help falls through to the rollback, once.
    [InlineData("flag-disabled", "errors", false, 1, Move.Redecide, "disabling flag FEATURE_X did not help, rolling back: error-rate")]
    [InlineData("rolled-back", "down", false, 200, Move.Escalate, "regression after the rollback")]
    // After acting and healthy: resolved once MonitorFor has passed, progress every 15 minutes until then.
    [InlineData("rolled-back", "nothing", true, 120, Move.Resolve, "stable for 2h00m after the rollback to v1")]
    [InlineData("rolled-back", "nothing", true, 119, Move.Progress, "still watching")]
    [InlineData("rolled-back", "nothing", true, 14, Move.None, "")]
    [InlineData("rolled-back", "nothing", true, 15, Move.Progress, "still watching")]
    [InlineData("rolled-back-progress-sent", "nothing", true, 24, Move.None, "")]
    [InlineData("rolled-back-progress-sent", "nothing", true, 25, Move.Progress, "still watching")]
    // Not seen healthy (a rule cannot see) is not resolved, however long.
    [InlineData("rolled-back-progress-sent", "nothing", false, 500, Move.Progress, "still watching")]
    // Watched without action: healthy again resolves it; worse is decided again, unless it is a dry run.
    [InlineData("watched", "nothing", true, 3, Move.Resolve, "healthy again without action")]
    [InlineData("watched", "down", false, 3, Move.Redecide, "service completely down: roll back immediately")]
    [InlineData("watched", "slight", false, 3, Move.None, "")]
    [InlineData("dry-run-watched", "down", false, 3, Move.None, "")]
    [InlineData("dry-run", "errors", false, 3, Move.None, "")]
    // Waiting for a person: healthy resolves it; the veto window passing acts; before that, nothing.
    [InlineData("awaiting", "nothing", true, 1, Move.Resolve, "healthy again without action")]
    [InlineData("awaiting", "errors", false, 4, Move.None, "")]
    [InlineData("awaiting", "errors", false, 5, Move.ActUnvetoed, "no veto within 5m: acting as announced")]
    // A runbook that stopped short is resumed.
    [InlineData("decided", "errors", false, 1, Move.Resume, "the runbook stopped short; resuming it")]
    [InlineData("rolling-back", "nothing", false, 1, Move.Resume, "the runbook stopped short; resuming it")]
    [InlineData("stabilizing", "errors", false, 1, Move.Resume, "the runbook stopped short; resuming it")]
    [InlineData("verifying", "nothing", true, 1, Move.Resume, "the runbook stopped short; resuming it")]
    // People own Escalated and Failed: closed (not resolved) once healthy, never acted on again.
    [InlineData("escalated", "errors", false, 30, Move.None, "")]
    [InlineData("escalated", "nothing", true, 30, Move.Close, "service healthy again; incident closed, left for people to review")]
    [InlineData("failed", "nothing", true, 30, Move.Close, "service healthy again; incident closed, left for people to review")]
    public void Next(string situation, string firing, bool healthy, int minutesLater, Move move, string reason)
    {
        var command = IncidentLifecycle.Next(Situation(situation), Fires(firing), healthy, T0.AddMinutes(minutesLater), Settings);

        command.Move.ShouldBe(move);
        command.Reason.ShouldStartWith(reason);
        if (move is Move.Open or Move.Redecide) command.Decision.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(Meaning.DataAtRisk, "A rollback of code does not repair data: the restore is a person's call")]
    [InlineData(Meaning.Security, "A rollback of code does not end a breach")]
    public void AfterTheRollback_TheReportThatOpenedItStillFiring_GoesToPeople_SayingItStillStands_NotARegression(Meaning meaning, string why)
    {
        var report = new Trigger("manual:" + meaning, meaning, "manual: order totals corrupted", T0, T0);
        var incident = new Incident("i", "api", Mode.Auto, report, T0);
        incident.Decide(new Decision(RunbookAction.Rollback, "roll back", report), T0);
        Act(incident);
        incident.MoveTo(IncidentState.Verifying, T0, "verifying");
        (incident.ToVersion, incident.RestoredAt) = ("v1", T0);
        incident.MoveTo(IncidentState.Monitoring, T0, "restored");

        var command = IncidentLifecycle.Next(incident, [report], healthy: false, T0.AddMinutes(1), Settings);

        command.Move.ShouldBe(Move.Escalate);
        command.Reason.ShouldStartWith("the code is back on v1, but what was reported still stands: manual: order totals corrupted.");
        command.Reason.ShouldContain(why);
    }

    [Fact]
    public void Next_Open_CarriesThePolicyDecisionForEverythingFiring()
    {
        var command = IncidentLifecycle.Next(null, [.. Fires("slight"), .. Fires("down")], false, T0, Settings);

        command.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        command.Decision.Trigger.Source.ShouldBe("service-down");
    }

    [Fact]
    public void Next_NoVetoWindow_WaitsForAPersonForever()
    {
        var command = IncidentLifecycle.Next(Situation("awaiting"), Fires("errors"), false, T0.AddDays(3), Settings with { VetoWindow = TimeSpan.Zero });

        command.Move.ShouldBe(Move.None);
    }

    [Fact]
    public void Next_VetoWindow_CountsFromTheMoveToAwaitingApproval_NotFromTheOpening()
    {
        var incident = DecidedIncident(T0, mode: Mode.Approve);
        incident.MoveTo(IncidentState.AwaitingApproval, T0.AddMinutes(3), "asked late");

        IncidentLifecycle.Next(incident, Fires("errors"), false, T0.AddMinutes(7), Settings).Move.ShouldBe(Move.None);
        IncidentLifecycle.Next(incident, Fires("errors"), false, T0.AddMinutes(8), Settings).Move.ShouldBe(Move.ActUnvetoed);
    }

    [Fact]
    public void Next_ProgressOff_OnlyResolves()
    {
        var quiet = Settings with { MonitorUpdateEvery = TimeSpan.Zero };

        IncidentLifecycle.Next(Situation("rolled-back"), [], true, T0.AddMinutes(90), quiet).Move.ShouldBe(Move.None);
        IncidentLifecycle.Next(Situation("rolled-back"), [], true, T0.AddMinutes(120), quiet).Move.ShouldBe(Move.Resolve);
    }
}
