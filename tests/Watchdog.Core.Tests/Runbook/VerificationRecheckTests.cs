using Watchdog.Core.Runbook;
using Watchdog.Core.Rules;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>Verification re-judges the rules that tripped, on their own sources, before it says "restored".</summary>
public class VerificationRecheckTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    /// <summary>Measures <paramref name="before"/> until reset, <paramref name="after"/> once reset: a window that forgets the old release.</summary>
    private sealed class ResettingSource(double before, Func<DateTimeOffset, Reading[]> after, TimeProvider clock) : ISignalSource
    {
        public bool WasReset { get; private set; }

        public string Name => "sentry";

        public Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Reading>>(WasReset ? after(clock.GetUtcNow()) : [Reading.Of(Signal.ErrorRate, before, 100, clock.GetUtcNow()) with { Source = Name }]);

        public void Reset() => WasReset = true;
    }

    private static async Task<(WatchHarness W, Incident Incident)> RollBackWhileSourceSays(Func<DateTimeOffset, Reading[]> afterRollback)
    {
        var w = new WatchHarness();
        w.Source.Next = []; // the harness's readings drive detection; the recheck reads the source itself
        var source = new ResettingSource(0.3, afterRollback, w.R.Clock);
        var watch = new ServiceWatch(w.R.Runbook, new RuleSet(w.Rules), [source], w.R.Store, w.R.Fanout, w.R.Redactor, w.R.Clock, CancellationToken.None);
        var end = w.Now + FiveMinutes;
        while (w.Now <= end)
        {
            await watch.ObserveAsync(WatchHarness.Values(w.Now, 0.6), CancellationToken.None);
            await w.R.Clock.RunUntil(watch.Running, TimeSpan.FromSeconds(1));
            w.R.Clock.Advance(TimeSpan.FromSeconds(30));
        }

        return (w, await w.OnlyIncidentAsync());
    }

    private static Reading[] Rate(DateTimeOffset at, double rate, int samples = 100) => [Reading.Of(Signal.ErrorRate, rate, samples, at) with { Source = "sentry" }];

    [Fact]
    public async Task Verify_SourceStillMeasuresTheBreach_EscalatesInsteadOfSayingRestored()
    {
        var (w, incident) = await RollBackWhileSourceSays(at => Rate(at, 0.3));

        incident.State.ShouldBe(IncidentState.Escalated);
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        w.R.Notifier.Kinds.ShouldNotContain(NotificationKind.RollbackComplete);
        var escalation = w.R.Notifier.Sent.Single(n => n.Kind == NotificationKind.Escalation);
        string.Join('\n', escalation.Lines).ShouldContain("the rollback did not help: error-rate still breached since the rollback: measured 30%");
        incident.Step("verify-rules").ShouldNotBeNull().Status.ShouldBe(StepStatus.Failed);
    }

    [Fact]
    public async Task Verify_SourceMeasuresTheRestoredReleaseClear_RestoredAndTheMessageSaysSo()
    {
        var (w, incident) = await RollBackWhileSourceSays(at => Rate(at, 0.01));

        incident.State.ShouldBe(IncidentState.Monitoring);
        var complete = w.R.Notifier.Sent.Single(n => n.Kind == NotificationKind.RollbackComplete);
        complete.Lines.ShouldContain(l => l.Contains("✅ error-rate clear since the rollback: measured 1%"));
    }

    [Fact]
    public async Task Verify_NothingMeasuredSinceTheRollback_NotClaimedClearAndMonitoringGoesOn()
    {
        var (w, incident) = await RollBackWhileSourceSays(at => [Reading.NoData(Signal.ErrorRate, at, "no requests since the reset") with { Source = "sentry" }]);

        incident.State.ShouldBe(IncidentState.Monitoring);
        var complete = w.R.Notifier.Sent.Single(n => n.Kind == NotificationKind.RollbackComplete);
        complete.Lines.ShouldContain(l => l.Contains("⏳ error-rate not yet measurable since the rollback (sentry): no requests since the reset"));
        complete.Lines.ShouldNotContain(l => l.Contains("clear since"));
    }
}
