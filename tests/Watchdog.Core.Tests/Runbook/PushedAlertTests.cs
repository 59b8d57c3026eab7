using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Runbook;

public class PushedAlertTests
{
    private static PushedAlert Alert(DateTimeOffset at, Meaning meaning = Meaning.DataAtRisk, AlertStatus status = AlertStatus.Firing, string key = "fp-1") =>
        new("api", key, "alertmanager", status, meaning, "DataCorruption: orders table checksum mismatch", at);

    [Fact]
    public async Task Raise_FiringDataAtRisk_RollsBackAtOnceWithoutWaitingAWindow()
    {
        var w = new WatchHarness();
        await w.ObserveAsync(errorRate: 0.001);

        await w.Watch.RaiseAsync(Alert(w.Now), CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.Source.ShouldBe("alertmanager:fp-1");
        incident.Trigger.Meaning.ShouldBe(Meaning.DataAtRisk);
        incident.Decision!.Action.ShouldBe(RunbookAction.Rollback);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        incident.State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Raise_ResolvedBeforeAnyAction_LeavesNothingFiring()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.Watch.RaiseAsync(Alert(w.Now, Meaning.CoreBroken), CancellationToken.None);
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.AwaitingApproval);

        await w.Watch.RaiseAsync(Alert(w.Now, Meaning.CoreBroken, AlertStatus.Resolved), CancellationToken.None);
        await w.ObserveAsync(errorRate: 0.001);

        w.Watch.PushedAlerts.ShouldBeEmpty();
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Resolved);
    }

    [Fact]
    public async Task Raise_StillFiring_KeepsTheIncidentFromResolvingDespiteHealthyRules()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.Watch.RaiseAsync(Alert(w.Now, Meaning.CoreBroken), CancellationToken.None);

        await w.ObserveForAsync(TimeSpan.FromHours(1), at => WatchHarness.Values(at, 0.001));

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.AwaitingApproval);
    }

    [Fact]
    public async Task Raise_NotRepeatedPastTheTtl_ExpiresAndTheIncidentResolves()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.Watch.RaiseAsync(Alert(w.Now, Meaning.CoreBroken), CancellationToken.None);

        await w.ObserveForAsync(TimeSpan.FromHours(7), at => WatchHarness.Values(at, 0.001), TimeSpan.FromMinutes(10));

        w.Watch.PushedAlerts.ShouldBeEmpty();
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Resolved);
    }

    [Fact]
    public async Task Raise_TwiceWithTheSameKey_OpensOneIncident()
    {
        var w = new WatchHarness(Mode.Approve);

        await w.Watch.RaiseAsync(Alert(w.Now), CancellationToken.None);
        await w.Watch.RaiseAsync(Alert(w.Now), CancellationToken.None);

        (await w.IncidentsAsync()).Count.ShouldBe(1);
        w.Watch.PushedAlerts.Count.ShouldBe(1);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.ApprovalNeeded]);
    }

    [Fact]
    public async Task Raise_NamedAlertWithAFlagMapped_DisablesTheFlagInsteadOfRollingBack()
    {
        var w = new WatchHarness(flags: new Dictionary<string, string> { ["alertmanager:CheckoutErrors"] = "FEATURE_NEW_CHECKOUT" });
        var alert = Alert(w.Now, Meaning.UsersAffected) with { Rule = "CheckoutErrors", Value = 0.3, Signal = Signal.ErrorRate };

        await w.Watch.RaiseAsync(alert, CancellationToken.None);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.Source.ShouldBe("alertmanager:CheckoutErrors");
        incident.Decision!.Action.ShouldBe(RunbookAction.DisableFlag);
        w.R.Provider.SetVariableCalls.ShouldBe([("FEATURE_NEW_CHECKOUT", "false")]);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Raise_ASecretTypedIntoTheSummary_IsNeverJournaled()
    {
        var w = new WatchHarness(Mode.Approve);
        var leaked = new PushedAlert("api", "k", "manual", AlertStatus.Firing, Meaning.Security, $"manual: key {RunbookHarness.Secret} leaked in a log", w.Now);

        await w.Watch.RaiseAsync(leaked, CancellationToken.None);

        var incident = await w.OnlyIncidentAsync();
        incident.Trigger.Summary.ShouldNotContain(RunbookHarness.Secret);
        incident.Decision.ShouldNotBeNull().Trigger.Summary.ShouldNotContain(RunbookHarness.Secret);
        incident.Timeline.ShouldAllBe(e => !e.Message.Contains(RunbookHarness.Secret));
        w.R.Notifier.Sent.ShouldAllBe(n => !n.Text.Contains(RunbookHarness.Secret));
    }
}
