using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Testing;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>A captured, validly signed webhook sent again after its incident ended never rolls the good release back.</summary>
public class AlertReplayTests
{
    private static readonly Pushed Sentry = new(TimeSpan.FromHours(1));

    private static PushedAlert Critical(DateTimeOffset startsAt) =>
        new("api", "metric_alert:42", "sentry", AlertStatus.Firing, Meaning.CoreBroken, "Too many errors", startsAt);

    private static async Task<WatchHarness> RolledBackAndResolvedAsync(InMemoryLedger ledger, PushedAlert alert)
    {
        var w = new WatchHarness(ledger: ledger);
        await w.ObserveAsync(errorRate: 0.001);
        (await w.Watch.RaiseAsync(alert, CancellationToken.None, Sentry)).Outcome.ShouldBe(RaiseOutcome.Taken);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));
        (await w.Watch.RaiseAsync(alert with { Status = AlertStatus.Resolved }, CancellationToken.None, Sentry)).Outcome.ShouldBe(RaiseOutcome.Taken);
        await w.ObserveForAsync(w.R.Settings.MonitorFor + TimeSpan.FromMinutes(1), at => WatchHarness.Values(at, 0.001));
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.Resolved);
        return w;
    }

    [Fact]
    public async Task Replay_AfterTheIncidentResolved_IsRefusedAndNothingRollsBack()
    {
        var ledger = new InMemoryLedger();
        var alert = Critical(Watchdog.Core.Tests.Fakes.TestData.T0);
        var w = await RolledBackAndResolvedAsync(ledger, alert);

        var replay = await w.Watch.RaiseAsync(alert, CancellationToken.None, Sentry);
        await w.R.Clock.RunUntil(w.Watch.Running, TimeSpan.FromSeconds(1));

        replay.Outcome.ShouldBe(RaiseOutcome.Refused);
        replay.Reason.ShouldNotBeNull().ShouldContain("a repeat of the delivery taken at");
        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        (await w.IncidentsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Replay_AfterARestart_IsStillRefused_TheJournalRemembers()
    {
        var ledger = new InMemoryLedger();
        var alert = Critical(Watchdog.Core.Tests.Fakes.TestData.T0.AddMinutes(30));
        var before = await RolledBackAndResolvedAsync(ledger, alert);

        var restarted = new WatchHarness(ledger: ledger);
        restarted.R.Clock.Advance(before.Now - restarted.Now);
        var replay = await restarted.Watch.RaiseAsync(alert, CancellationToken.None, Sentry);

        replay.Outcome.ShouldBe(RaiseOutcome.Refused);
        (await restarted.IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Resend_WhileTheAlertIsHeld_KeepsItAliveAndOpensNoSecondIncident()
    {
        var w = new WatchHarness(Mode.Approve, ledger: new InMemoryLedger());
        var alert = Critical(w.Now);

        await w.Watch.RaiseAsync(alert, CancellationToken.None, Sentry);
        w.R.Clock.Advance(TimeSpan.FromMinutes(5));
        var resent = await w.Watch.RaiseAsync(alert, CancellationToken.None, Sentry);

        resent.Outcome.ShouldBe(RaiseOutcome.Taken);
        (await w.OnlyIncidentAsync()).State.ShouldBe(IncidentState.AwaitingApproval);
    }
}
