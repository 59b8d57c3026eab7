using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

public class DrillRunnerTests
{
    private readonly RunbookHarness _h = new();
    private readonly InMemoryLedger _ledger = new();

    private DrillRunner Runner() => new(_h.Runbook, _h.Store, _ledger, _h.Fanout, _h.Redactor, _h.Clock);

    private Task<DrillReport> DrillAsync(DrillRequest? request = null) => DrillAsync(Runner(), request);

    private Task<DrillReport> DrillAsync(DrillRunner runner, DrillRequest? request = null) =>
        _h.Clock.RunUntil(Task.Run(() => runner.RunAsync(request ?? new DrillRequest("test"), CancellationToken.None)), TimeSpan.FromSeconds(1));

    private async Task<Incident> DrillIncidentAsync(DrillReport report) => await _h.ReloadAsync(report.IncidentId.ShouldNotBeNull());

    [Fact]
    public async Task Drill_AllPasses_RollsBackToThePreviousDeploymentThenForwardToTheOriginalAndResolves()
    {
        // The service's own mode says not to act; a drill acts anyway, since the operator chose the service for it.
        _h.Settings = _h.Settings with { Mode = Mode.DryRun };
        _h.Provider.LiveAfterLooks = 2; // the rollback takes two polls (10 s) to go live
        var login = new FakeTask("login");
        _h.SmokeTests.Add(login);

        var report = await DrillAsync();

        report.Outcome.ShouldBe(DrillOutcome.Passed);
        _h.Provider.RollbackCalls.Select(d => d.Id).ShouldBe(["dep-v2", "dep-v3"]);
        _h.Provider.LiveId.ShouldBe("dep-v3");
        _h.Verifier.Calls.Select(d => d.Version).ShouldBe(["v2", "v3"]);
        login.Runs.ShouldBe(1);
        var incident = await DrillIncidentAsync(report);
        incident.Id.ShouldEndWith("-api-drill");
        incident.Drill.ShouldBeTrue();
        incident.State.ShouldBe(IncidentState.Resolved);
        incident.IsOpen.ShouldBeFalse();
        (incident.FromVersion, incident.ToVersion).ShouldBe(("v3", "v2"));
        incident.Steps.ShouldAllBe(s => s.Status == StepStatus.Succeeded);
        incident.Steps.Select(s => s.Key).ShouldBe(["baseline", "identify", "announce", "rollback", "smoke:login", "verify", "notify-complete", "roll-forward", "verify-forward", "notify-drill"], ignoreOrder: true);
        incident.Timeline.ShouldContain(e => e.Kind == TimelineKind.Drill && e.Message.StartsWith("phases: rollback 10s, verification", StringComparison.Ordinal));
        report.Summary.ShouldStartWith("DRILL PASSED: rollback 10s, verification");
        report.Summary.ShouldContain("roll forward");
        (await _h.Store.QuarantinedAsync("api", CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Drill_EveryMessage_IsFlaggedAsADrillAndNoneEscalates()
    {
        var report = await DrillAsync();

        report.Outcome.ShouldBe(DrillOutcome.Passed);
        _h.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete, NotificationKind.Resolved]);
        _h.Notifier.Sent.ShouldAllBe(n => n.Drill && n.Title.Contains("DRILL") && n.Severity <= Severity.Warning);
        _h.Notifier.Sent[0].Lines.ShouldNotContain(l => l.StartsWith("Impact:"));
        _h.Notifier.Sent[0].Text.ShouldContain("Nothing is wrong");
        _h.Notifier.Sent[^1].Title.ShouldStartWith("🧪 DRILL PASSED on api: rollback ");
    }

    [Fact]
    public async Task Drill_RollbackRefused_FailsNamingTheStepWithoutPagingAndLeavesTheOriginalLive()
    {
        _h.Provider.OnRollback = d => StepOutcome.Failure($"HTTP 403: token may not deploy {d.Id}");

        var report = await DrillAsync();

        report.Outcome.ShouldBe(DrillOutcome.Failed);
        report.Summary.ShouldStartWith("DRILL FAILED at step rollback: refused 3 times: attempt 1: HTTP 403");
        _h.Provider.LiveId.ShouldBe("dep-v3");
        _h.Provider.RollbackCalls.Select(d => d.Id).Distinct().ShouldBe(["dep-v2"]); // never "forward" to what was live all along
        var incident = await DrillIncidentAsync(report);
        incident.State.ShouldBe(IncidentState.Failed);
        incident.IsOpen.ShouldBeFalse();
        incident.Step("roll-forward").ShouldNotBeNull().Output.ShouldBe("v3 (dep-v3) is live; nothing to roll forward");
        _h.Notifier.Kinds.ShouldNotContain(NotificationKind.Escalation);
        var failed = _h.Notifier.Sent[^1];
        failed.Drill.ShouldBeTrue();
        failed.Title.ShouldStartWith("🧪 DRILL FAILED on api at step rollback: ");
        failed.Text.ShouldContain("Service now: back on v3 (dep-v3)");
    }

    [Fact]
    public async Task Drill_SmokeTestFailsAfterTheRollback_FailsAtThatStepAndStillRollsForward()
    {
        _h.SmokeTests.Add(new FakeTask("login", ok: false, detail: "POST /login: 500"));

        var report = await DrillAsync();

        report.Summary.ShouldBe("DRILL FAILED at step smoke:login: POST /login: 500");
        _h.Provider.RollbackCalls.Select(d => d.Id).ShouldBe(["dep-v2", "dep-v3"]);
        _h.Provider.LiveId.ShouldBe("dep-v3");
        var incident = await DrillIncidentAsync(report);
        incident.State.ShouldBe(IncidentState.Failed);
        incident.Steps.Where(s => s.Status == StepStatus.Failed).Select(s => s.Key).ShouldBe(["smoke:login"]);
        _h.Notifier.Sent.ShouldAllBe(n => n.Drill && n.Kind != NotificationKind.Escalation);
    }

    [Fact]
    public async Task Drill_RollForwardFails_FailsAtThatStepAndSaysTheServiceIsNotBack()
    {
        _h.Provider.OnRollback = d => d.Id == "dep-v3" ? StepOutcome.Failure("deployment dep-v3 was removed") : StepOutcome.Success("accepted");

        var report = await DrillAsync();

        report.Summary.ShouldStartWith("DRILL FAILED at step roll-forward: refused 3 times");
        _h.Provider.LiveId.ShouldBe("dep-v2");
        _h.Notifier.Sent[^1].Text.ShouldContain("Service now: NOT back on v3 (dep-v3): roll forward by hand");
    }

    [Fact]
    public async Task Drill_WithRollForwardOff_ResolvesLeavingTheTargetLive()
    {
        var report = await DrillAsync(new DrillRequest("test", RollForward: false));

        report.Outcome.ShouldBe(DrillOutcome.Passed);
        _h.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
        (await DrillIncidentAsync(report)).Step("roll-forward").ShouldBeNull();
        _h.Notifier.Sent[^1].Text.ShouldContain("api stays on v2");
    }

    [Fact]
    public async Task Drill_WhileARealIncidentIsOpen_IsSkippedAndRecordedWithoutTouchingTheService()
    {
        var real = DecidedIncident(_h.Clock.GetUtcNow(), id: "real-1");
        await _h.Store.SaveAsync(real, CancellationToken.None);

        var report = await DrillAsync();

        report.Outcome.ShouldBe(DrillOutcome.Skipped);
        report.Summary.ShouldBe("DRILL SKIPPED: incident real-1 is open on api");
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        var skipped = await DrillIncidentAsync(report);
        skipped.Drill.ShouldBeTrue();
        skipped.IsOpen.ShouldBeFalse();
        skipped.Timeline.ShouldContain(e => e.Kind == TimelineKind.Closed && e.Message == "drill skipped: incident real-1 is open on api");
        var sent = _h.Notifier.Sent.ShouldHaveSingleItem();
        (sent.Drill, sent.Title).ShouldBe((true, "🧪 DRILL SKIPPED on api: incident real-1 is open on api"));
        (await _h.Store.GetAsync("real-1", CancellationToken.None)).ShouldNotBeNull().Timeline.Count.ShouldBe(real.Timeline.Count);
    }

    [Fact]
    public async Task Drill_WhenTheWatchKnowsOfAnOpenIncident_IsSkipped()
    {
        var report = await DrillAsync(new DrillRequest("test") { OpenIncidentId = "in-memory-1" });

        report.Summary.ShouldBe("DRILL SKIPPED: incident in-memory-1 is open on api");
        _h.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Drill_ProviderCannotSayWhatIsLive_FailsBeforeRollingAnythingBack()
    {
        _h.Provider.LookFails = _ => true;

        var report = await DrillAsync();

        report.Summary.ShouldStartWith("DRILL FAILED at step baseline: fake could not say what is live (platform API: 502 Bad Gateway)");
        _h.Provider.RollbackCalls.ShouldBeEmpty();
        (await DrillIncidentAsync(report)).State.ShouldBe(IncidentState.Failed);
        _h.Notifier.Sent.ShouldHaveSingleItem().Text.ShouldContain("Service now: unchanged: nothing was rolled back");
    }

    [Fact]
    public async Task Drill_DoesNotCountAgainstTheBudget_SoARealTripRightAfterStillRollsBack()
    {
        var w = new WatchHarness();
        w.R.Settings = w.R.Settings with { Budget = new RollbackBudget(TimeSpan.FromMinutes(30), MaxPerDay: 1) };
        using var runner = new DrillRunner(w.R.Runbook, w.R.Store, _ledger, w.R.Fanout, w.R.Redactor, w.R.Clock);
        var drill = await w.R.Clock.RunUntil(Task.Run(() => runner.RunAsync(new DrillRequest("test"), CancellationToken.None)), TimeSpan.FromSeconds(1));
        drill.Outcome.ShouldBe(DrillOutcome.Passed);
        (await w.R.Store.AutomaticRollbacksSinceAsync("api", w.Now.AddDays(-1), CancellationToken.None)).ShouldBeEmpty();

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        var real = (await w.IncidentsAsync()).Single(i => !i.Drill);
        real.State.ShouldBe(IncidentState.Monitoring);
        w.R.Provider.RollbackCalls.Select(d => d.Id).ShouldBe(["dep-v2", "dep-v3", "dep-v2"]);
    }

    [Fact]
    public async Task Resume_DrillInterruptedAfterTheRollback_FinishesWithoutRollingBackAgainAndRollsForward()
    {
        _h.Store.FailWhen = i => i.State == IncidentState.Stabilizing; // the process dies once the target is live
        var first = Runner();
        await Should.ThrowAsync<IOException>(() => DrillAsync(first));
        _h.Store.FailWhen = null;
        var open = (await _h.Store.ListOpenAsync(CancellationToken.None)).ShouldHaveSingleItem();
        open.Drill.ShouldBeTrue();

        using var restarted = Runner();
        var report = await _h.Clock.RunUntil(Task.Run(() => restarted.ResumeAsync(open, CancellationToken.None)), TimeSpan.FromSeconds(1));

        report.Outcome.ShouldBe(DrillOutcome.Passed);
        _h.Provider.RollbackCalls.Select(d => d.Id).ShouldBe(["dep-v2", "dep-v3"]);
        _h.Provider.LiveId.ShouldBe("dep-v3");
        (await DrillIncidentAsync(report)).State.ShouldBe(IncidentState.Resolved);
    }

    [Fact]
    public async Task Resume_WithoutTheRecordedOriginal_FailsSayingItWasNotRolledForward()
    {
        _h.Store.FailWhen = i => i.State == IncidentState.Stabilizing;
        await Should.ThrowAsync<IOException>(() => DrillAsync());
        _h.Store.FailWhen = null;
        var open = (await _h.Store.ListOpenAsync(CancellationToken.None)).ShouldHaveSingleItem();
        await _ledger.SetAsync("drill", open.Id, "{not json", CancellationToken.None);

        using var restarted = Runner();
        var report = await restarted.ResumeAsync(open, CancellationToken.None);

        report.Summary.ShouldBe("DRILL FAILED at step baseline: what was live before the drill is not in the ledger; not rolled forward");
        _h.Notifier.Sent[^1].Text.ShouldContain("Service now: left on v2: not rolled forward, roll forward by hand");
    }
}
