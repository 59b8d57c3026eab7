using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

public class ServiceWatchTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>A UsersAffected rule with a low threshold, so a trip can touch 10% of users or fewer.</summary>
    private static readonly Rule CheckoutErrors = new("checkout-errors", Signal.ErrorRate, Comparison.Above, 0.05, FiveMinutes, 10, Meaning.UsersAffected);

    [Fact]
    public async Task Observe_BreachShorterThanFor_OpensNothing()
    {
        var w = new WatchHarness();

        await w.BreachForAsync(TimeSpan.FromSeconds(270));

        (await w.IncidentsAsync()).ShouldBeEmpty();
        w.Watch.Verdicts[0].Status.ShouldBe(RuleStatus.Pending);
        w.Watch.OpenIncidentId.ShouldBeNull();
    }

    [Fact]
    public async Task Observe_Firing_OpensExactlyOneIncidentAndAContinuingBreachNoSecond()
    {
        var w = new WatchHarness(Mode.Approve);

        await w.BreachForAsync(TimeSpan.FromMinutes(30));

        var incident = await w.OnlyIncidentAsync();
        incident.Id.ShouldBe(w.Watch.OpenIncidentId);
        incident.DetectedAt.ShouldBe(T0 + FiveMinutes);
        incident.ImpactStartedAt.ShouldBe(T0);
        incident.Trigger.Source.ShouldBe("error-rate");
        incident.Timeline[0].Kind.ShouldBe(TimelineKind.Detected);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.ApprovalNeeded]);
    }

    [Fact]
    public async Task Observe_AutoRollbackFailsAndBreachGoesOn_NoSecondIncidentNoSecondRollback()
    {
        var w = new WatchHarness();
        w.R.Settings = w.R.Settings with { RollbackAttempts = 1 };
        w.R.Provider.OnRollback = _ => StepOutcome.Failure("500");

        await w.BreachForAsync(TimeSpan.FromMinutes(30));

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Failed);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Observe_AutoFiring_RollsBackAndResetsRulesAndSources()
    {
        var w = new WatchHarness();

        await w.BreachForAsync(FiveMinutes);

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        w.R.Provider.RollbackCalls.ShouldHaveSingleItem().Id.ShouldBe("dep-v2");
        w.Source.Resets.ShouldBe(1);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete]);

        await w.ObserveAsync(0.6);   // the old deployment's breach does not carry over to the new one
        w.Watch.Verdicts[0].Status.ShouldBe(RuleStatus.Pending);
    }

    [Fact]
    public async Task Observe_MonitorDecision_AlertsWithoutActingAndResolvesWhenHealthy()
    {
        var w = new WatchHarness(rules: [CheckoutErrors, Availability]);

        await w.BreachForAsync(TimeSpan.FromMinutes(15), errorRate: 0.08);

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Monitor);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Alert]);
        w.R.Notifier.Sent[0].Text.ShouldContain("monitor and fix forward");
        w.R.Provider.LiveLooks.ShouldBe(0);

        await w.ObserveAsync(0.01);

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Resolved);
        w.Watch.OpenIncidentId.ShouldBeNull();
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Alert, NotificationKind.Resolved]);
        w.R.Notifier.Sent[^1].Text.ShouldContain("healthy again without action");
    }

    [Fact]
    public async Task Observe_MonitoredIncidentWorsens_IsDecidedAgainAndRolledBack()
    {
        var w = new WatchHarness(rules: [CheckoutErrors, Availability]);
        await w.BreachForAsync(FiveMinutes, errorRate: 0.08);
        (await w.OnlyIncidentAsync()).Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Monitor);

        w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        await w.ObserveAsync(0.7);

        var incident = await w.OnlyIncidentAsync();
        incident.Decision.ShouldNotBeNull().Action.ShouldBe(RunbookAction.Rollback);
        incident.State.ShouldBe(IncidentState.Monitoring);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Observe_DryRun_SaysWhatItWouldDoAndCallsNothing()
    {
        var w = new WatchHarness(Mode.DryRun);

        await w.BreachForAsync(TimeSpan.FromMinutes(20));

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Monitoring);
        incident.Timeline.ShouldContain(e => e.Message.Contains("would roll back from v3 to v2"));
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.R.Provider.SetVariableCalls.ShouldBeEmpty();
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Alert]);
        w.R.Notifier.Sent[0].Text.ShouldContain("DRY RUN: Watchdog would roll back from v3 to v2");
    }

    [Fact]
    public async Task Observe_DryRunWithFlag_SaysItWouldDisableTheFlagAndSetsNothing()
    {
        var w = new WatchHarness(Mode.DryRun, flags: new Dictionary<string, string> { ["error-rate"] = "FEATURE_NEW_CHECKOUT" });

        await w.BreachForAsync(FiveMinutes, errorRate: 0.3);

        (await w.OnlyIncidentAsync()).Timeline.ShouldContain(e => e.Message.Contains("would disable feature flag FEATURE_NEW_CHECKOUT"));
        w.R.Provider.SetVariableCalls.ShouldBeEmpty();
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Observe_Approve_AsksAPersonAndDoesNothingElse()
    {
        var w = new WatchHarness(Mode.Approve);

        await w.BreachForAsync(FiveMinutes);

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.ApprovalNeeded]);
        w.R.Notifier.Sent[0].Text.ShouldContain(incident.Id);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.R.Provider.SetVariableCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Observe_AwaitingApprovalAndHealthyAgain_Resolves()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.BreachForAsync(FiveMinutes);

        await w.ObserveAsync(0.01);

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Resolved);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Observe_AutoWithinCooldownOfAnEarlierRollback_EscalatesWithoutRollingBack()
    {
        var w = new WatchHarness();
        w.R.Store.EarlierAutomaticRollbacks.Add(T0.AddMinutes(-10));

        await w.BreachForAsync(FiveMinutes);

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Escalated);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.Escalation]);
        var text = w.R.Notifier.Sent[0].Text;
        text.ShouldContain("not automatic: cooldown");
        text.ShouldContain("nothing: no automatic action was allowed");
    }

    [Fact]
    public async Task Observe_AutoWithDailyBudgetSpent_EscalatesWithoutRollingBack()
    {
        var w = new WatchHarness();
        w.R.Store.EarlierAutomaticRollbacks.AddRange([T0.AddHours(-20), T0.AddHours(-10), T0.AddHours(-2)]);

        await w.BreachForAsync(FiveMinutes);

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Escalated);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.R.Notifier.Sent[0].Text.ShouldContain("budget spent");
    }

    [Fact]
    public async Task Observe_RegressionAfterCompletedRollback_EscalatesAndNeverRollsBackAgain()
    {
        var w = new WatchHarness();
        await w.BreachForAsync(FiveMinutes);
        w.R.Clock.Advance(TimeSpan.FromSeconds(30));

        await w.BreachForAsync(TimeSpan.FromMinutes(30));

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Escalated);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        w.R.Notifier.Kinds.ShouldBe([NotificationKind.RollbackInProgress, NotificationKind.RollbackComplete, NotificationKind.Escalation]);
        var escalation = w.R.Notifier.Sent[^1].Text;
        escalation.ShouldContain("regression after the rollback");
        escalation.ShouldContain("rolled back from v3 to v2");
    }

    [Fact]
    public async Task Observe_HealthyAfterRollback_ResolvesOnlyOnceMonitorForHasPassed()
    {
        var w = new WatchHarness();
        await w.BreachForAsync(FiveMinutes);
        var restoredAt = (await w.OnlyIncidentAsync()).RestoredAt.ShouldNotBeNull();
        w.R.Clock.Advance(TimeSpan.FromMinutes(1));

        await w.ObserveForAsync(restoredAt + w.R.Settings.MonitorFor - w.Now - TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.01), TimeSpan.FromMinutes(1));
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);

        w.R.Clock.Advance(restoredAt + w.R.Settings.MonitorFor - w.Now);
        await w.ObserveAsync(0.01);

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.Resolved);
        incident.ClosedAt.ShouldBe(restoredAt + w.R.Settings.MonitorFor);
        w.R.Notifier.Kinds[^1].ShouldBe(NotificationKind.Resolved);
        w.R.Notifier.Sent[^1].Text.ShouldContain("stable for 2h00m after the rollback to v2");
    }

    [Fact]
    public async Task Observe_EscalatedAndHealthyAgain_ClosesButStaysEscalated()
    {
        var w = new WatchHarness();
        w.R.Store.EarlierAutomaticRollbacks.Add(T0.AddMinutes(-10));
        await w.BreachForAsync(FiveMinutes);

        await w.BreachForAsync(TimeSpan.FromMinutes(10));   // still broken: stays open
        (await w.OnlyIncidentAsync()).IsOpen.ShouldBeTrue();
        await w.ObserveAsync(0.01);

        var incident = await w.OnlyIncidentAsync();
        incident.IsOpen.ShouldBeFalse();
        incident.State.ShouldBe(IncidentState.Escalated);
        incident.Timeline[^1].Kind.ShouldBe(TimelineKind.Closed);
        w.Watch.OpenIncidentId.ShouldBeNull();
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Observe_BlindForAnHour_NeverOpensAnIncident()
    {
        var w = new WatchHarness();

        await w.ObserveForAsync(TimeSpan.FromHours(1), WatchHarness.Blind);

        (await w.IncidentsAsync()).ShouldBeEmpty();
        w.Watch.Verdicts.ShouldAllBe(v => v.Status == RuleStatus.Inconclusive);
        w.Watch.Verdicts.Select(v => v.Why).ShouldBe([Inconclusion.SourceError, Inconclusion.NoData]);
    }

    [Fact]
    public async Task Observe_BlindWhileAwaitingApproval_DoesNotResolve()
    {
        var w = new WatchHarness(Mode.Approve);
        await w.BreachForAsync(FiveMinutes);

        await w.ObserveForAsync(TimeSpan.FromHours(3), WatchHarness.Blind, TimeSpan.FromMinutes(1));

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.AwaitingApproval);
    }

    [Fact]
    public async Task Observe_BlindAfterRollback_DoesNotResolveEvenPastMonitorFor()
    {
        var w = new WatchHarness();
        await w.BreachForAsync(FiveMinutes);

        await w.ObserveForAsync(TimeSpan.FromHours(3), WatchHarness.Blind, TimeSpan.FromMinutes(1));

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Observe_BlindAfterEscalation_DoesNotClose()
    {
        var w = new WatchHarness();
        w.R.Store.EarlierAutomaticRollbacks.Add(T0.AddMinutes(-10));
        await w.BreachForAsync(FiveMinutes);

        await w.ObserveForAsync(TimeSpan.FromHours(1), WatchHarness.Blind, TimeSpan.FromMinutes(1));

        (await w.OnlyIncidentAsync()).IsOpen.ShouldBeTrue();
    }

    [Fact]
    public async Task Tick_ReadsEverySourceAndJudges()
    {
        var w = new WatchHarness();
        w.Source.Next = WatchHarness.Values(w.Now, 0.4);

        await w.Watch.TickAsync(CancellationToken.None);

        w.Watch.Readings.ShouldBe(w.Source.Next);
        w.Watch.Verdicts.Select(v => v.Status).ShouldBe([RuleStatus.Pending, RuleStatus.Inactive]);
    }

    [Fact]
    public async Task Adopt_IncidentInterruptedMidRollback_ResumesWithoutRollingBackAgain()
    {
        var w = new WatchHarness();
        w.R.Store.FailWhen = i => i.Step("rollback")?.Status == Watchdog.Core.Incidents.StepStatus.Succeeded;
        var crashed = DecidedIncident(T0);
        await Should.ThrowAsync<IOException>(w.R.RunAsync(crashed));
        w.R.Store.FailWhen = null;
        var journal = await w.R.ReloadAsync(crashed.Id);

        w.Watch.Adopt(journal);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        journal.State.ShouldBe(IncidentState.Monitoring);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        w.Watch.OpenIncidentId.ShouldBe(crashed.Id);
        w.Source.Resets.ShouldBe(1);
    }

    [Fact]
    public async Task Observe_HalfBlindAfterAMonitorDecision_DoesNotResolve()
    {
        var w = new WatchHarness(rules: [CheckoutErrors, TestData.Availability]);
        await w.BreachForAsync(TimeSpan.FromMinutes(6), errorRate: 0.08);
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);

        // Error rate healthy again, but availability cannot be seen: no evidence the service is fine.
        await w.ObserveForAsync(TimeSpan.FromMinutes(30), at => [Reading.Of(Signal.ErrorRate, 0.001, 100, at), Reading.NoData(Signal.Availability, at, "no probes in window")]);

        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
    }

    [Fact]
    public async Task Observe_ApproveMode_RequestNamesBothVersions()
    {
        var w = new WatchHarness(Mode.Approve);

        await w.BreachForAsync(TimeSpan.FromMinutes(6));

        var request = w.R.Notifier.Sent.ShouldHaveSingleItem();
        request.Kind.ShouldBe(NotificationKind.ApprovalNeeded);
        request.Text.ShouldContain("from v3 to v2");
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task Observe_TwoQuietHoursAfterARollback_UpdatesEveryFifteenMinutesThenResolves()
    {
        var w = new WatchHarness();
        await w.BreachForAsync(TimeSpan.FromMinutes(6));
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Monitoring);
        var before = w.R.Notifier.Sent.Count;

        await w.ObserveForAsync(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(10), at => WatchHarness.Values(at, 0.001), TimeSpan.FromMinutes(5));

        var after = w.R.Notifier.Kinds.Skip(before).ToList();
        after.Count(k => k == NotificationKind.Progress).ShouldBe(7, "at 15, 30, … 105 minutes; at 120 the incident resolves instead");
        after[^1].ShouldBe(NotificationKind.Resolved);
        w.R.Notifier.Sent.First(n => n.Kind == NotificationKind.Progress).Text.ShouldContain("of 2h00m, no rule firing");
    }

    [Fact]
    public async Task Open_RecordsTheEvidenceOfEverySourceAndRule()
    {
        var w = new WatchHarness(Mode.Approve);

        await w.BreachForAsync(TimeSpan.FromMinutes(6));

        var evidence = (await w.OnlyIncidentAsync()).Timeline.Single(e => e.Kind == TimelineKind.Evidence).Message;
        evidence.ShouldContain("ErrorRate=60% (n=100)");
        evidence.ShouldContain("error-rate firing");
        evidence.ShouldContain("availability inactive");
    }
}
