using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Testing;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>The announcement's ETA is the median of the service's last measured rollbacks, kept in the journal.</summary>
public class RestoreTimesTests
{
    [Fact]
    public async Task Eta_IsTheMedianOfTheLastFive_AndNothingBeforeTheFirst()
    {
        var times = new RestoreTimes("api", new InMemoryLedger());
        (await times.EtaAsync(CancellationToken.None)).ShouldBeNull();

        foreach (var s in (int[])[600, 60, 120, 90, 300, 100]) await times.RecordAsync(TimeSpan.FromSeconds(s), CancellationToken.None);

        // The first (600 s) has dropped out: 60, 90, 100, 120, 300.
        (await times.EtaAsync(CancellationToken.None)).ShouldBe((TimeSpan.FromSeconds(100), 5));
        await times.RecordAsync(TimeSpan.FromSeconds(80), CancellationToken.None); // 90, 100, 120, 300, 80
        (await times.EtaAsync(CancellationToken.None)).ShouldBe((TimeSpan.FromSeconds(100), 5));
    }

    [Fact]
    public async Task Announcement_SaysTheMeasuredEta_OnceARollbackOfTheServiceWasMeasured()
    {
        var ledger = new InMemoryLedger();
        var w = new WatchHarness(ledger: ledger);
        await w.BreachForAsync(TimeSpan.FromMinutes(5));
        var first = w.R.Notifier.Sent.Single(n => n.Kind == NotificationKind.RollbackInProgress);
        first.Lines.ShouldContain("ETA: about 15 minutes (no rollback of this service measured yet)");

        var measured = await new RestoreTimes("api", ledger).EtaAsync(CancellationToken.None);
        measured.ShouldNotBeNull().Of.ShouldBe(1);

        var again = new WatchHarness(ledger: ledger); // a later incident, after a restart: the journal remembers
        await again.BreachForAsync(TimeSpan.FromMinutes(5));
        again.R.Notifier.Sent.Single(n => n.Kind == NotificationKind.RollbackInProgress).Lines
            .ShouldContain($"ETA: about {Watchdog.Core.Signals.SignalFormat.Duration(measured.Value.Median)} (the median of the last 1 rollback of api)");
    }
}
