using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Runbook;

public class FallbackAndMaintenanceTests
{
    private readonly RunbookHarness _h = new();

    /// <summary>A git-based redeploy: its own ids (tags) for the same versions.</summary>
    private static FakeDeploymentProvider GitRedeploy() => new(
        new Deployment("deploy-v3", "v3"), new Deployment("deploy-v2", "v2"), new Deployment("deploy-v1", "v1")) { Name = "git" };

    private static Incident Decided(Meaning meaning, DateTimeOffset at)
    {
        var trigger = Tripped(meaning, Watchdog.Core.Signals.Signal.Up, 0);
        var incident = new Incident("inc-down", "api", Mode.Auto, trigger, at);
        incident.Decide(RunbookPolicy.Decide(trigger, new Dictionary<string, string>()), at);
        return incident;
    }

    [Fact]
    public async Task Run_PrimaryRefuses_FallbackRollsBackToItsOwnTargetAndTheRunbookGoesOn()
    {
        _h.Provider.OnRollback = _ => StepOutcome.Failure("railway: deploymentRollback: Not Authorized");
        var git = GitRedeploy();
        _h.Fallbacks.Add(git);
        var incident = DecidedIncident(_h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.Count.ShouldBe(3, "each provider is asked RollbackAttempts times before the next is tried");
        git.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("deploy-v2");
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.ToVersion.ShouldBe("v2");
        incident.Step("rollback")!.Status.ShouldBe(StepStatus.Failed);
        incident.Step("identify:git")!.Status.ShouldBe(StepStatus.Succeeded);
        incident.Step("rollback:git")!.Status.ShouldBe(StepStatus.Succeeded);
        _h.Verifier.Calls.ShouldHaveSingleItem().ShouldBe(new Deployment("deploy-v2", "v2"));
    }

    [Fact]
    public async Task Run_EveryProviderFails_FailedAndPeoplePagedWithEachReason()
    {
        _h.Provider.OnRollback = _ => StepOutcome.Failure("railway: 503");
        var git = GitRedeploy();
        git.OnRollback = _ => StepOutcome.Failure("git: exit 128 (fatal: tag not found)");
        _h.Fallbacks.Add(git);
        var incident = DecidedIncident(_h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        incident.RestoredAt.ShouldBeNull();
        var escalation = _h.Notifier.Sent[^1];
        escalation.Kind.ShouldBe(NotificationKind.Escalation);
        escalation.Text.ShouldContain("rollback failed on every provider");
        escalation.Text.ShouldContain("fake: refused 3 times: attempt 1: railway: 503");
        escalation.Text.ShouldContain("git: refused 3 times: attempt 1: git: exit 128");
        _h.Notifier.Kinds.ShouldNotContain(NotificationKind.RollbackComplete);
    }

    [Fact]
    public async Task Run_ResumedWhileOnTheFallback_DoesNotAskThePrimaryAgain()
    {
        _h.Provider.OnRollback = _ => StepOutcome.Failure("railway: 503");
        var git = GitRedeploy();
        git.RollbackGoesLive = false;
        _h.Settings = _h.Settings with { RollbackTimeout = TimeSpan.FromSeconds(30) };
        _h.Fallbacks.Add(git);
        var incident = DecidedIncident(_h.Clock.GetUtcNow());
        await _h.RunAsync(incident);
        incident.State.ShouldBe(IncidentState.Failed);

        // As after a crash: the journal says the fallback's rollback was under way.
        var reloaded = await _h.ReloadAsync(incident.Id);
        var started = reloaded.Step("rollback:git")!;
        var resumed = Incident.Restore(reloaded.Id, reloaded.Service, reloaded.Mode, reloaded.Trigger, reloaded.OpenedAt, IncidentState.RollingBack, reloaded.Decision,
            null, reloaded.Timeline, reloaded.Steps.Select(s => s.Key == "rollback:git" ? started with { Status = StepStatus.Started, EndedAt = null } : s));
        resumed.FromVersion = reloaded.FromVersion;
        resumed.ToVersion = reloaded.ToVersion;
        resumed.TargetDeploymentId = reloaded.TargetDeploymentId;
        resumed.RollbackStartedAt = reloaded.RollbackStartedAt;
        git.RollbackGoesLive = true;
        git.LiveId = "deploy-v2";

        await _h.RunAsync(resumed);

        _h.Provider.RollbackCalls.Count.ShouldBe(3, "the primary's failed step is journaled as done and not asked again");
        git.RollbackCalls.Count.ShouldBe(1);
        resumed.State.ShouldBe(IncidentState.Monitoring);
        resumed.Step("rollback:git")!.Output!.ShouldContain("not rolled back again");
    }

    [Fact]
    public async Task Run_ServiceCompletelyDown_MaintenanceOnBeforeTheRollbackAndOffAfterVerification()
    {
        var incident = Decided(Meaning.ServiceDown, _h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        _h.Provider.SetVariableCalls.ShouldBe([("MAINTENANCE_MODE", "true"), ("MAINTENANCE_MODE", "false")]);
        var order = incident.Steps.OrderBy(s => s.StartedAt).Select(s => s.Key).ToList();
        order.IndexOf("maintenance-on").ShouldBeLessThan(order.IndexOf("rollback"));
        order.IndexOf("maintenance-off").ShouldBeGreaterThan(order.IndexOf("verify"));
        _h.Notifier.Sent[^1].Text.ShouldContain("maintenance mode off");
    }

    [Fact]
    public async Task Run_ServiceDownOnAPlatformWhereAVariableRedeploys_MaintenanceNeverRedeploysTheBadRelease()
    {
        _h.Provider.SetVariableRedeploys = true;
        var incident = Decided(Meaning.ServiceDown, _h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        _h.Provider.SetVariableCalls.ShouldBeEmpty(); // neither on (a redeploy of v3) nor off (a redeploy of the restored v2)
        _h.Provider.RollbackCalls.ShouldHaveSingleItem();
        incident.Step("maintenance-skipped").ShouldNotBeNull().Output.ShouldNotBeNull().ShouldContain("redeploys the live release, the one being rolled back");
        incident.Step("maintenance-on").ShouldBeNull();
        RunbookExecutor.MaintenanceLeftOn(incident).ShouldBeFalse();
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Run_UsersAffectedButServiceUp_NoMaintenanceMode()
    {
        await _h.RunAsync(DecidedIncident(_h.Clock.GetUtcNow()));

        _h.Provider.SetVariableCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_RollbackFailsAfterMaintenanceOn_MaintenanceTurnedOffBeforePeopleTakeOver()
    {
        _h.Settings = _h.Settings with { RollbackAttempts = 1 };
        _h.Provider.OnRollback = _ => StepOutcome.Failure("HTTP 500");
        var incident = Decided(Meaning.ServiceDown, _h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        _h.Provider.SetVariableCalls.ShouldBe([("MAINTENANCE_MODE", "true"), ("MAINTENANCE_MODE", "false")]);
        _h.Notifier.Sent[^1].Kind.ShouldBe(NotificationKind.Escalation);
        _h.Notifier.Sent[^1].Text.ShouldContain("maintenance-off succeeded");
    }

    [Fact]
    public async Task Run_MaintenanceOnFailedAfterSettingTheVariable_StillTurnedOffAtTheEnd()
    {
        // Railway sets the variable, then its redeploy fails: the step fails, but the variable is set.
        _h.Provider.OnSetVariable = (n, v) => v == "true" ? StepOutcome.Failure($"{n}={v} set; redeploy failed") : StepOutcome.Success($"{n}={v} set");
        var incident = Decided(Meaning.ServiceDown, _h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Monitoring);
        _h.Provider.SetVariableCalls.ShouldBe([("MAINTENANCE_MODE", "true"), ("MAINTENANCE_MODE", "false")]);
    }

    [Fact]
    public async Task Run_VerificationFails_EscalatedWithMaintenanceOffAndTheMessageSaysSo()
    {
        _h.Verifier.Outcome = _ => StepOutcome.Failure("health 3/13 healthy");
        var incident = Decided(Meaning.ServiceDown, _h.Clock.GetUtcNow());

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Escalated);
        _h.Provider.SetVariableCalls[^1].ShouldBe(("MAINTENANCE_MODE", "false"));
        _h.Notifier.Sent[^1].Text.ShouldContain("maintenance mode off succeeded");
    }

    [Fact]
    public async Task Run_EndedIncidentThatLeftMaintenanceOn_TurnsItOffOnResumeAndOnlyThat()
    {
        var at = _h.Clock.GetUtcNow();
        var incident = Decided(Meaning.ServiceDown, at);
        incident.SetStep(new StepRecord("maintenance-on", StepStatus.Succeeded, 1, at, at, "set"));
        incident.MoveTo(IncidentState.Failed, at, "rollback failed; the process died before maintenance was turned off");

        await _h.RunAsync(incident);
        await _h.RunAsync(incident);

        _h.Provider.SetVariableCalls.ShouldBe([("MAINTENANCE_MODE", "false")]);
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        RunbookExecutor.MaintenanceLeftOn(incident).ShouldBeFalse();
    }

    [Fact]
    public async Task Adopt_AfterARestart_AnEndedIncidentWithMaintenanceLeftOnIsTakenUpToTurnItOff()
    {
        var w = new WatchHarness();
        var at = w.Now;
        var incident = Decided(Meaning.ServiceDown, at);
        incident.SetStep(new StepRecord("maintenance-on", StepStatus.Succeeded, 1, at, at, "set"));
        incident.MoveTo(IncidentState.Escalated, at, "verification failed; the process died before maintenance was turned off");

        w.Watch.Adopt(incident);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        w.R.Provider.SetVariableCalls.ShouldBe([("MAINTENANCE_MODE", "false")]);
        incident.State.ShouldBe(IncidentState.Escalated);
    }

    [Fact]
    public async Task Escalation_AfterARollbackThatDidNotHelp_NamesTheVersionActuallyLive()
    {
        _h.Verifier.Outcome = _ => StepOutcome.Failure("error rate still 30%");

        await _h.RunAsync(DecidedIncident(_h.Clock.GetUtcNow()));

        _h.Notifier.Sent[^1].Kind.ShouldBe(NotificationKind.Escalation);
        _h.Notifier.Sent[^1].Text.ShouldContain("Versions: live v2 (rolled back from v3)");
    }

    [Fact]
    public async Task Escalation_RollbackRefused_NamesTheBadReleaseStillLiveAndTheTarget()
    {
        _h.Settings = _h.Settings with { RollbackAttempts = 1 };
        _h.Provider.OnRollback = _ => StepOutcome.Failure("HTTP 500");

        await _h.RunAsync(DecidedIncident(_h.Clock.GetUtcNow()));

        _h.Notifier.Sent[^1].Text.ShouldContain("Versions: live v3, rollback target v2");
    }
}
