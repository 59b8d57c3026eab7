using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>A restart finds an incident half-way through its runbook: it carries on, and the provider's rollback runs exactly once.</summary>
public class RunbookResumeTests
{
    private readonly RunbookHarness _h = new();

    [Fact]
    public async Task Resume_CrashAfterRollbackWentThrough_DoesNotRollBackAgainAndCompletes()
    {
        var incident = DecidedIncident(T0);
        _h.Store.FailWhen = i => i.Step("rollback")?.Status == StepStatus.Succeeded;   // dies writing the outcome

        await Should.ThrowAsync<IOException>(_h.RunAsync(incident));
        _h.Store.FailWhen = null;
        var journal = await _h.ReloadAsync(incident.Id);
        journal.State.ShouldBe(IncidentState.RollingBack);
        journal.Step("rollback").ShouldNotBeNull().Status.ShouldBe(StepStatus.Started);
        _h.Provider.LiveId.ShouldBe("dep-v2");

        await _h.RunAsync(journal);

        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        journal.State.ShouldBe(IncidentState.Monitoring);
        var step = journal.Step("rollback").ShouldNotBeNull();
        step.Attempt.ShouldBe(2);
        step.Output.ShouldNotBeNull().ShouldContain("not rolled back again");
        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);
        _h.Verifier.Calls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
    }

    [Fact]
    public async Task Resume_StoppedWhileWaitingAndTargetWentLiveMeanwhile_DoesNotRollBackAgain()
    {
        _h.Provider.LiveAfterLooks = 10_000;   // accepted, but slow to go live
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2), _h.Clock);
        var incident = DecidedIncident(T0);

        await Should.ThrowAsync<OperationCanceledException>(_h.RunAsync(incident, stop.Token));
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        _h.Provider.LiveAfterLooks = 0;   // the platform finished while Watchdog was down

        var journal = await _h.ReloadAsync(incident.Id);
        journal.Step("rollback").ShouldNotBeNull().Status.ShouldBe(StepStatus.Started);
        await _h.RunAsync(journal);

        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        journal.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Resume_InterruptedAndTargetNeverWentLive_WaitsThenRequestsRollbackOnceMore()
    {
        _h.Provider.RollbackGoesLive = false;   // the first request is lost
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2), _h.Clock);
        var incident = DecidedIncident(T0);
        await Should.ThrowAsync<OperationCanceledException>(_h.RunAsync(incident, stop.Token));
        _h.Provider.RollbackGoesLive = true;
        var journal = await _h.ReloadAsync(incident.Id);
        var resumedAt = _h.Clock.GetUtcNow();

        await _h.RunAsync(journal);

        _h.Provider.RollbackCalls.Count.ShouldBe(2);
        _h.Provider.RollbackCalls.ShouldAllBe(d => d.Id == "dep-v2");
        (_h.Clock.GetUtcNow() - resumedAt).ShouldBeGreaterThanOrEqualTo(_h.Settings.RollbackTimeout);   // it looked before asking again
        var step = journal.Step("rollback").ShouldNotBeNull();
        step.Attempt.ShouldBe(2);
        step.Status.ShouldBe(StepStatus.Succeeded);
        journal.Timeline.ShouldContain(e => e.Message.StartsWith("rollback succeeded (attempt 2)"));
        journal.State.ShouldBe(IncidentState.Monitoring);
        _h.Notifier.Kinds.Count(k => k == NotificationKind.RollbackInProgress).ShouldBe(1);
    }

    [Fact]
    public async Task Resume_StepsAlreadySucceeded_AreSkipped()
    {
        var cache = new FakeTask("clear-cache");
        _h.Stabilization.Add(cache);
        _h.Store.FailWhen = i => i.State == IncidentState.Verifying;   // dies right after stabilizing
        var incident = DecidedIncident(T0);
        await Should.ThrowAsync<IOException>(_h.RunAsync(incident));
        _h.Store.FailWhen = null;
        var journal = await _h.ReloadAsync(incident.Id);
        journal.State.ShouldBe(IncidentState.Stabilizing);
        var sentBefore = _h.Notifier.Sent.Count;

        await _h.RunAsync(journal);

        journal.State.ShouldBe(IncidentState.Monitoring);
        _h.Provider.RollbackCalls.Count.ShouldBe(1);
        cache.Runs.ShouldBe(1);
        _h.Notifier.Kinds.Skip(sentBefore).ShouldBe([NotificationKind.RollbackComplete]);
        _h.Notifier.Kinds.Count(k => k == NotificationKind.RollbackInProgress).ShouldBe(1);
        journal.Steps.ShouldAllBe(s => s.Attempt == 1 && s.Status == StepStatus.Succeeded);
    }

    [Fact]
    public async Task Resume_InterruptedBeforeTheAnnouncementWasJournaled_SendsItOnceMore_AndDoesNotRollBackTwice()
    {
        // The announcement runs beside the rollback: the process dies as it journals that the announcement went out.
        _h.Store.FailWhen = i => i.Step("announce")?.Status == StepStatus.Succeeded;
        var incident = DecidedIncident(T0);
        await Should.ThrowAsync<IOException>(_h.RunAsync(incident));
        _h.Store.FailWhen = null;
        _h.Provider.RollbackCalls.Count.ShouldBe(1);

        var journal = await _h.ReloadAsync(incident.Id);
        journal.Step("announce").ShouldNotBeNull().Status.ShouldBe(StepStatus.Started);
        await _h.RunAsync(journal);

        _h.Provider.RollbackCalls.Count.ShouldBe(1, "the resumed rollback finds its target live and does not ask again");
        journal.State.ShouldBe(IncidentState.Monitoring);
        journal.Step("announce").ShouldNotBeNull().Attempt.ShouldBe(2);
        _h.Notifier.Kinds.Count(k => k == NotificationKind.RollbackInProgress).ShouldBe(2);
    }
}
