using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>
/// Seed 001's tree with a flag service: disable the flag, and roll back when that is refused or not enough — once, within
/// the budget; a flag service that wants an approval asks a person; the messages say which happened.
/// </summary>
public sealed class FlagFallThroughTests
{
    private const string Flag = "new-checkout";

    private readonly RunbookHarness _h = new();
    private readonly FakeFlagSwitch _flags = new();

    public FlagFallThroughTests() => _h.Flags = _flags;

    private Incident NewIncident(Mode mode = Mode.Auto) => DecidedIncident(_h.Clock.GetUtcNow(), RunbookAction.DisableFlag, Flag, mode);

    [Fact]
    public async Task Disable_TurnedOffAtTheFlagService_NoVariableNoRollback_MessageSaysWhere()
    {
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _flags.Calls.ShouldBe([Flag]);
        _h.Provider.SetVariableCalls.ShouldBeEmpty();
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        incident.State.ShouldBe(IncidentState.Monitoring);
        _h.Notifier.Sent[^1].Text.ShouldContain($"flag {Flag} turned off at LaunchDarkly");
    }

    [Fact]
    public async Task Disable_Refused_FallsThroughToTheRollbackInsteadOfFailing()
    {
        _flags.Answer = f => FlagOutcome.Refused($"LaunchDarkly refused turning off flag {f}: HTTP 403 (Forbidden)");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        incident.Decision.FlagTried.ShouldBe(Flag);
        incident.TargetLive.ShouldBeTrue();
        (incident.FromVersion, incident.ToVersion).ShouldBe(("v3", "v2"));
        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
        _h.Notifier.Sent[1].Text.ShouldContain($"LaunchDarkly refused to turn off flag {Flag}");
        _h.Notifier.Sent[1].Text.ShouldContain("rolling back");
        _h.Notifier.Sent[2].Text.ShouldContain("reverted from v3 to v2");
        (await _h.ReloadAsync(incident.Id)).Decision!.FlagTried.ShouldBe(Flag);
    }

    [Fact]
    public async Task Disable_Refused_OutsideTheBudget_EscalatesWithoutRollingBack()
    {
        _flags.Answer = _ => FlagOutcome.Refused("HTTP 403");
        _h.Store.EarlierAutomaticRollbacks.Add(_h.Clock.GetUtcNow().AddMinutes(-5));
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.ShouldBeEmpty();
        incident.State.ShouldBe(IncidentState.Escalated);
        _h.Notifier.Sent[^1].Text.ShouldContain("cooldown");
    }

    [Fact]
    public async Task Disable_NeedsApproval_AsksAPersonToRollBack_ApprovedRollsBack()
    {
        _flags.Answer = f => FlagOutcome.ApprovalNeeded($"LaunchDarkly requires an approval to turn off flag {f} in production: Approval is required to make this request");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.AwaitingApproval);
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        incident.RollbackStartedAt.ShouldBeNull();
        var asked = _h.Notifier.Sent[^1];
        asked.Kind.ShouldBe(NotificationKind.ApprovalNeeded);
        asked.Text.ShouldContain("Approval is required");

        var executor = _h.Executor();
        (await executor.ApproveAsync(incident, "alice", CancellationToken.None)).ShouldBeTrue();
        await _h.Clock.RunUntil(Task.Run(() => executor.RunAsync(incident, CancellationToken.None)), TimeSpan.FromSeconds(1));

        _h.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Disable_DidNotHelpAtVerification_FallsThroughToTheRollback()
    {
        _h.Verifier.Outcome = d => d.Version == "v3" ? StepOutcome.Failure("error rate 23%") : StepOutcome.Success($"{d.Version} healthy");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _flags.Calls.ShouldBe([Flag]);
        _h.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Decision!.Reason.ShouldStartWith($"disabling flag {Flag} did not help, rolling back");
        _h.Notifier.Sent.ShouldContain(n => n.Kind == NotificationKind.RollbackInProgress && n.Text.Contains($"disabling flag {Flag} did not help, rolling back"));
        _h.Notifier.Sent[^1].Text.ShouldContain("reverted from v3 to v2");
    }

    [Fact]
    public async Task RollbackAfterTheFlag_DidNotHelpEither_Escalates()
    {
        _h.Verifier.Outcome = _ => StepOutcome.Failure("error rate 23%");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.ShouldHaveSingleItem();
        incident.State.ShouldBe(IncidentState.Escalated);
        _h.Notifier.Sent[^1].Kind.ShouldBe(NotificationKind.Escalation);
    }

    [Fact]
    public void Lifecycle_RegressionAfterTheFallThroughRollback_Escalates()
    {
        var incident = NewIncident();
        incident.MoveTo(IncidentState.RollingBack, T0, "disabling the flag");
        incident.RollbackStartedAt = T0;
        var rollback = RunbookPolicy.AfterFlag(incident.Decision!, "disabling flag did not help, rolling back");
        incident.Decide(rollback, T0);
        incident.MoveTo(IncidentState.RollingBack, T0, "rolling back");
        incident.MoveTo(IncidentState.Verifying, T0, "verifying");
        incident.MoveTo(IncidentState.Monitoring, T0, "restored");
        var firing = new[] { Firing(ErrorRate, 0.3, T0, T0) };

        var next = IncidentLifecycle.Next(incident, firing, healthy: false, T0.AddMinutes(5), new Watchdog.Core.Runbook.RunbookSettings().Lifecycle);

        next.Move.ShouldBe(Move.Escalate);
        next.Reason.ShouldContain("regression after the rollback");
    }
}
