using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Releases;
using Watchdog.Core.Decisions;

namespace Watchdog.Core.Tests.Runbook;

public class RunbookExecutorTests
{
    private readonly RunbookHarness _h = new();

    private Incident NewIncident(RunbookAction action = RunbookAction.Rollback, string? flag = null) => DecidedIncident(_h.Clock.GetUtcNow(), action, flag);

    private static IEnumerable<string> States(Incident i) =>
        i.Timeline.Where(e => e.Kind == TimelineKind.State).Select(e => e.Message[..e.Message.IndexOf(':', StringComparison.Ordinal)]);

    /// <summary>Everything the journal holds in words, across every save.</summary>
    private string AllJournalText() => string.Join("\n", _h.Store.Saves.SelectMany(i =>
        i.Timeline.Select(e => e.Message).Concat(i.Steps.Select(s => s.Output ?? ""))));

    [Fact]
    public async Task Run_HappyPath_RollsBackToNewestEarlierGoodDeploymentAndEndsMonitoring()
    {
        _h.Provider = new FakeDeploymentProvider(
            Deploy("v4", 5, succeeded: false), Deploy("v3", 10), Deploy("v2", 60, succeeded: false), Deploy("v1b", 90, canRollback: false), Deploy("v1", 120))
        { LiveId = "dep-v3" };
        var cache = new FakeTask("clear-cache");
        var login = new FakeTask("login");
        _h.Stabilization.Add(cache);
        _h.SmokeTests.Add(login);
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v1");
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.FromVersion.ShouldBe("v3");
        incident.ToVersion.ShouldBe("v1");
        incident.RollbackStartedAt.ShouldNotBeNull();
        incident.RestoredAt.ShouldNotBeNull();
        States(incident).ShouldBe(["Decided", "RollingBack", "Stabilizing", "Verifying", "Monitoring"]);
        incident.Timeline.Where(e => e.Kind == TimelineKind.Step).Select(e => e.Message[..e.Message.IndexOf(' ', StringComparison.Ordinal)]).ShouldBe(
            ["identify", "announce", "rollback", "quarantine", "stabilize:clear-cache", "smoke:login", "verify", "notify-complete"]);
        incident.Step("identify").ShouldNotBeNull().Output.ShouldBe("live: v3 (dep-v3); target: v1 (dep-v1), chosen because v1 is the newest earlier deployment that succeeded (no earlier release on record as healthy for 30m)");
        incident.Steps.ShouldAllBe(s => s.Status == StepStatus.Succeeded && s.Attempt == 1 && s.EndedAt != null);
        cache.Runs.ShouldBe(1);
        login.Runs.ShouldBe(1);
        _h.Verifier.Calls.ShouldHaveSingleItem().ShouldBe(new Deployment("dep-v1", "v1"));
        (await _h.ReloadAsync(incident.Id)).State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Run_PlatformMakesTheRollbackANewDeployment_TheTargetsReleaseLiveIsSuccess()
    {
        // Railway's deploymentRollback answers only true; the release goes live under a new deployment id.
        _h.Provider.RollbackRedeploysAs = "dep-v2-rolled-back";
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Step("rollback")!.Output.ShouldNotBeNull().ShouldContain("v2 live after");
        incident.Step("rollback")!.Output!.ShouldContain("as a new deployment dep-v2-rolled-back");
    }

    [Fact]
    public async Task Run_HappyPath_NotifiesInProgressThenCompleteWithVersions()
    {
        await _h.RunAsync(NewIncident());

        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
        var progress = _h.Notifier.Sent[0].Text;
        progress.ShouldContain("ROLLBACK IN PROGRESS");
        progress.ShouldContain("from v3 to v2");
        var complete = _h.Notifier.Sent[1].Text;
        complete.ShouldContain("ROLLBACK COMPLETE");
        complete.ShouldContain("reverted from v3 to v2");
        complete.ShouldContain("v2 healthy, error rate 0.2%");
        complete.ShouldContain("monitoring for 2h00m");
    }

    [Fact]
    public async Task Run_EveryStep_IsSavedStartedBeforeItRunsAndFinishedAfter()
    {
        IncidentState? stateSavedAtCall = null;
        StepStatus? rollbackSavedAtCall = null;
        _h.Provider.OnRollback = d =>
        {
            var last = _h.Store.Saves[^1];
            stateSavedAtCall = last.State;
            rollbackSavedAtCall = last.Step("rollback")?.Status;
            return StepOutcome.Success("accepted");
        };
        _h.Stabilization.Add(new FakeTask("reset-pools"));
        var incident = NewIncident();

        await _h.RunAsync(incident);

        rollbackSavedAtCall.ShouldBe(StepStatus.Started);
        stateSavedAtCall.ShouldBe(IncidentState.RollingBack);
        foreach (var key in incident.Steps.Select(s => s.Key))
        {
            var statuses = _h.Store.Saves.Select(i => i.Step(key)?.Status).Where(s => s is not null).Distinct().ToList();
            // What only reads (what is live, the target) is run again after a restart instead: journaled once, done.
            statuses.ShouldBe(key == "identify" ? [StepStatus.Succeeded] : [StepStatus.Started, StepStatus.Succeeded], $"journal of step {key}");
        }
    }

    [Fact]
    public async Task Run_Decided_OneWriteBeforeTheRollbackCall_HoldingTheDecisionTargetAnnouncementAndTheRollbacksStart()
    {
        var savesAtCall = -1;
        Incident? savedAtCall = null;
        _h.Provider.OnRollback = _ =>
        {
            savesAtCall = _h.Store.Saves.Count;
            savedAtCall = _h.Store.Saves[^1];
            return StepOutcome.Success("accepted");
        };
        var executor = _h.Executor();
        var trigger = Firing(ErrorRate, 0.23, T0.AddMinutes(-5), T0);
        var incident = executor.Open([trigger], new Decision(RunbookAction.Rollback, "core broken", trigger), "evidence");
        (await executor.GateAsync(incident, Authority.None, CancellationToken.None)).ShouldBeTrue();
        _h.Store.Saves.ShouldBeEmpty("the decision is journaled with the rollback's start, not apart from it");

        await _h.Clock.RunUntil(Task.Run(() => executor.RunAsync(incident, CancellationToken.None)), TimeSpan.FromSeconds(1));

        savesAtCall.ShouldBe(1);
        var saved = savedAtCall.ShouldNotBeNull();
        saved.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        saved.State.ShouldBe(IncidentState.RollingBack);
        saved.Step("identify").ShouldNotBeNull().Status.ShouldBe(StepStatus.Succeeded);
        saved.Step("rollback").ShouldNotBeNull().Status.ShouldBe(StepStatus.Started);
        saved.Step("announce").ShouldNotBeNull().Status.ShouldBe(StepStatus.Started);
        _h.Notifier.Kinds[0].ShouldBe(NotificationKind.RollbackInProgress);
    }

    [Fact]
    public async Task Run_AnnouncementStillSending_TheRollbackIsCalledWithoutWaitingForIt()
    {
        var sending = new TaskCompletionSource();
        _h.Notifier.Hold = sending.Task;
        var calledWhileSending = false;
        _h.Provider.OnRollback = _ =>
        {
            calledWhileSending = !sending.Task.IsCompleted;
            sending.TrySetResult();
            return StepOutcome.Success("accepted");
        };

        await _h.RunAsync(NewIncident());

        calledWhileSending.ShouldBeTrue();
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Run_ProviderRefusesRollback_FailsAndEscalatesWithoutClaimingSuccess()
    {
        _h.Provider.OnRollback = _ => StepOutcome.Failure("railway: 500 Internal Server Error");
        var smoke = new FakeTask("login");
        _h.SmokeTests.Add(smoke);
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        incident.RestoredAt.ShouldBeNull();
        incident.Step("rollback").ShouldNotBeNull().Status.ShouldBe(StepStatus.Failed);
        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.Escalation]);
        _h.Notifier.Sent[^1].Text.ShouldContain("rollback failed: refused 3 times: attempt 1: railway: 500 Internal Server Error");
        _h.Verifier.Calls.ShouldBeEmpty();
        smoke.Runs.ShouldBe(0);
        (await _h.ReloadAsync(incident.Id)).State.ShouldBe(IncidentState.Failed);
    }

    [Fact]
    public async Task Run_ProviderBreaksThePortAndThrows_IsAFailedStepNotACrashAndNotRetried()
    {
        // The port never throws for a refusal; one that does anyway is a bug, journaled as a failed step, not asked again.
        _h.Provider.OnRollback = _ => throw new HttpRequestException("connection reset");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        incident.Step("rollback").ShouldNotBeNull().Output.ShouldBe("HttpRequestException: connection reset");
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        _h.Notifier.Kinds.ShouldNotContain(NotificationKind.RollbackComplete);
    }

    [Fact]
    public async Task Run_TargetNeverGoesLiveWithinTimeout_Fails()
    {
        _h.Provider.RollbackGoesLive = false;
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        (_h.Clock.GetUtcNow() - T0).ShouldBeGreaterThanOrEqualTo(_h.Settings.RollbackTimeout);
        incident.Step("rollback").ShouldNotBeNull().Output.ShouldNotBeNull().ShouldContain("not live after 10m");
        // Halfway through the wait, with no measured rollback to compare with, people hear it is still under way.
        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackProgress, NotificationKind.Escalation]);
        _h.Verifier.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_TargetLiveAfterSomeLooks_WaitsOnTheClockAndSucceeds()
    {
        _h.Provider.LiveAfterLooks = 3;

        var incident = NewIncident();
        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Monitoring);
        (_h.Clock.GetUtcNow() - T0).ShouldBeGreaterThanOrEqualTo(3 * _h.Settings.LivePollInterval);
        (_h.Clock.GetUtcNow() - T0).ShouldBeLessThan(_h.Settings.RollbackTimeout);
    }

    [Fact]
    public async Task Run_LookAtLiveDeploymentFailsWhileWaiting_KeepsLooking()
    {
        _h.Provider.LookFails = n => n is 2 or 3;   // look 1 is identify; the next two fail
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Monitoring);
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Run_VerificationFails_EscalatesBecauseRollbackDidNotHelpAndNeverRollsBackAgain()
    {
        _h.Verifier.Outcome = _ => StepOutcome.Failure("error rate still 31%");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Escalated);
        incident.RestoredAt.ShouldBeNull();
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.Escalation]);
        var escalation = _h.Notifier.Sent[^1].Text;
        escalation.ShouldContain("did not help: error rate still 31%");
        escalation.ShouldContain("will not roll back again");

        await _h.RunAsync(incident);   // running it again changes nothing: Escalated is final
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Run_SmokeTestFails_EscalatesWithoutVerifying()
    {
        _h.SmokeTests.Add(new FakeTask("login", ok: false, detail: "401 for the test account"));
        var later = new FakeTask("dashboard");
        _h.SmokeTests.Add(later);
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Escalated);
        _h.Verifier.Calls.ShouldBeEmpty();
        later.Runs.ShouldBe(0);
        _h.Notifier.Sent[^1].Text.ShouldContain("smoke test login failed after the rollback: 401 for the test account");
    }

    [Fact]
    public async Task Run_StabilizationFails_IsRecordedButVerificationStillRuns()
    {
        _h.Stabilization.Add(new FakeTask("clear-cache", ok: false, detail: "redis: timeout"));
        var second = new FakeTask("reset-pools");
        _h.Stabilization.Add(second);
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.Step("stabilize:clear-cache").ShouldNotBeNull().Status.ShouldBe(StepStatus.Failed);
        incident.Timeline.ShouldContain(e => e.Message == "stabilize:clear-cache failed: redis: timeout");
        second.Runs.ShouldBe(1);
        _h.Verifier.Calls.Count.ShouldBe(1);
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Run_NoEarlierDeployment_FailsWithoutCallingRollback()
    {
        _h.Provider = new FakeDeploymentProvider(Deploy("v1", 10));
        var incident = NewIncident();

        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        _h.Notifier.Kinds.ShouldBe([NotificationKind.Escalation]);
        _h.Notifier.Sent[0].Text.ShouldContain("no earlier deployment to roll back to (live: v1 (dep-v1))");
    }

    [Fact]
    public async Task Run_DisableFlag_SetsFlagFalseAndNeverRollsBack()
    {
        var incident = NewIncident(RunbookAction.DisableFlag, "FEATURE_NEW_ALGORITHM");

        await _h.RunAsync(incident);

        _h.Provider.SetVariableCalls.ShouldBe([("FEATURE_NEW_ALGORITHM", "false")]);
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        incident.Step("disable-flag").ShouldNotBeNull().Status.ShouldBe(StepStatus.Succeeded);
        incident.Step("rollback").ShouldBeNull();
        _h.Verifier.Calls.ShouldHaveSingleItem().Id.ShouldBe("dep-v3");   // the live deployment, with the flag off
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Timeline.ShouldContain(e => e.Message.Contains("disabling feature flag FEATURE_NEW_ALGORITHM"));
        _h.Notifier.Sent[0].Text.ShouldContain("disable feature flag FEATURE_NEW_ALGORITHM");
    }

    [Fact]
    public async Task Run_SecretsInProviderOutput_AreRedactedInTheJournal()
    {
        _h.Provider.OnRollback = _ => StepOutcome.Success($"POST https://api.example/rollback?token={RunbookHarness.Secret} accepted");

        var incident = NewIncident();
        await _h.RunAsync(incident);

        incident.Step("rollback").ShouldNotBeNull().Output.ShouldNotBeNull().ShouldContain("token=*** accepted");
        AllJournalText().ShouldNotContain(RunbookHarness.Secret);
        AllJournalText().ShouldContain("token=***");
    }

    [Fact]
    public async Task Run_SecretInProviderException_IsRedactedInJournalAndEscalation()
    {
        _h.Provider.OnRollback = _ => throw new InvalidOperationException($"auth failed with key {RunbookHarness.Secret}");

        var incident = NewIncident();
        await _h.RunAsync(incident);

        incident.State.ShouldBe(IncidentState.Failed);
        AllJournalText().ShouldNotContain(RunbookHarness.Secret);
        _h.Notifier.Sent[^1].Text.ShouldContain("auth failed with key ***");
    }

    [Fact]
    public async Task Run_AfterApproval_RollsBack()
    {
        var incident = NewIncident();
        incident.MoveTo(IncidentState.AwaitingApproval, T0, "Approve mode");

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Theory]
    [InlineData(IncidentState.Monitoring)]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Escalated)]
    [InlineData(IncidentState.Failed)]
    public async Task Run_IncidentAlreadyPastTheRunbook_DoesNothing(IncidentState state)
    {
        var decided = NewIncident();
        var incident = Incident.Restore(decided.Id, "api", Mode.Auto, decided.Trigger, T0, state, decided.Decision, null, [], []);

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.ShouldBeEmpty();
        _h.Provider.LiveLooks.ShouldBe(0);
        _h.Notifier.Sent.ShouldBeEmpty();
        _h.Store.Saves.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_Undecided_DoesNothing()
    {
        await _h.RunAsync(new Incident("i", "api", Mode.Auto, ErrorRateTrigger(), T0));

        _h.Provider.LiveLooks.ShouldBe(0);
        _h.Store.Saves.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_EveryChannelRefuses_AnnounceJournaledFailedAndRollbackStillRuns()
    {
        _h.Channels = [new ThrowingNotifier("slack", "HTTP 410 channel_is_archived"), new ThrowingNotifier("webhook", "HTTP 500")];
        var incident = NewIncident();

        await _h.RunAsync(incident);

        var announce = incident.Step("announce").ShouldNotBeNull();
        announce.Status.ShouldBe(StepStatus.Failed);
        announce.Output.ShouldBe("slack: failed (HTTP 410 channel_is_archived); webhook: failed (HTTP 500)");
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Run_OneChannelOfTwoTakesIt_AnnounceSucceeds()
    {
        _h.Channels = [new ThrowingNotifier("slack", "HTTP 500"), _h.Notifier];

        var incident = NewIncident();
        await _h.RunAsync(incident);

        incident.Step("announce").ShouldNotBeNull().Status.ShouldBe(StepStatus.Succeeded);
    }

    [Fact]
    public async Task Run_ProviderRefusesTwiceThenAccepts_RollsBackOnceAndGoesOn()
    {
        var calls = 0;
        _h.Provider.OnRollback = d => ++calls <= 2 ? StepOutcome.Failure("railway: 503 Service Unavailable") : StepOutcome.Success($"rollback to {d.Id} accepted");
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.Count.ShouldBe(3);
        incident.State.ShouldBe(IncidentState.Monitoring);
        var output = incident.Step("rollback")!.Output!;
        output.ShouldStartWith("attempt 1: railway: 503 Service Unavailable\nattempt 2: railway: 503 Service Unavailable\nrollback to dep-v2 accepted");
    }

    [Fact]
    public async Task Run_RefusalThatWentThroughAnyway_IsSeenLiveAndNotRequestedAgain()
    {
        // The platform answered 502 (a proxy timed out) but did roll back.
        _h.Provider.OnRollback = d =>
        {
            _h.Provider.LiveId = d.Id;
            return StepOutcome.Failure("railway: 502 Bad Gateway");
        };
        var incident = NewIncident();

        await _h.RunAsync(incident);

        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Step("rollback")!.Output!.ShouldContain("found live before asking again; not rolled back twice");
    }
}
