using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Tests.Fakes;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>A rule with earned autonomy asks until its record in the journal says it may act, and every move is journaled and told.</summary>
public class EarnedAutonomyTests
{
    private readonly InMemoryLedger _ledger = new();

    private WatchHarness Harness()
    {
        var w = new WatchHarness(ledger: _ledger);
        w.R.Settings = w.R.Settings with { Autonomy = new Dictionary<string, Autonomy> { ["error-rate"] = Autonomy.Earned }, EarnAfter = 2 };
        return w;
    }

    /// <summary>An earlier incident of the rule, days ago: rolled back and resolved, or (a false rollback) escalated after its verification.</summary>
    private static async Task EarlierAsync(WatchHarness w, int daysAgo, bool helped)
    {
        var at = w.Now.AddDays(-daysAgo);
        var trigger = Tripped(Meaning.UsersAffected, source: "error-rate") with { DetectedAt = at, Since = at.AddMinutes(-5) };
        var i = new Incident($"inc-{daysAgo}", "api", Mode.Auto, trigger, at);
        i.Decide(new Decision(RunbookAction.Rollback, "users affected", trigger), at);
        i.RollbackStartedAt = at;
        foreach (var s in new[] { IncidentState.RollingBack, IncidentState.Stabilizing, IncidentState.Verifying, IncidentState.Monitoring })
            i.MoveTo(s, at, s.ToString());
        i.SetStep(new StepRecord("verify", StepStatus.Succeeded, 1, at, at, "ok"));
        i.MoveTo(helped ? IncidentState.Resolved : IncidentState.Escalated, at.AddHours(2), helped ? "stable for 2h" : "error-rate breached again while watching");
        await w.R.Store.SaveAsync(i, CancellationToken.None);
    }

    private string? Level() => _ledger.Facts.TryGetValue((AutonomyBook.Scope, "api/error-rate"), out var v) ? v.Split('\t')[0] : null;

    [Fact]
    public async Task NoRecordYet_AsksAPerson_AndSaysWhy_WithoutAnnouncingAMove()
    {
        var w = Harness();

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        var incident = await w.OnlyIncidentAsync();
        incident.State.ShouldBe(IncidentState.AwaitingApproval);
        incident.Timeline.ShouldContain(e => e.Message.Contains("autonomy Earned: a person decides (0 of 2 confirmed in a row"));
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        w.R.Notifier.Kinds.ShouldNotContain(NotificationKind.AutonomyChanged);
        Level().ShouldBe("Ask");
    }

    [Fact]
    public async Task EnoughConfirmedIncidents_ActsOnItsOwn_AndTheMoveIsJournaledAndAnnouncedWithItsNumbers()
    {
        var w = Harness();
        await EarlierAsync(w, 3, helped: true);
        await EarlierAsync(w, 2, helped: true);

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        w.R.Provider.RollbackCalls.Count.ShouldBe(1);
        var moved = w.R.Notifier.Sent.First(n => n.Kind == NotificationKind.AutonomyChanged);
        moved.Title.ShouldContain("rule error-rate now rolls back on its own");
        moved.Text.ShouldContain("2 confirmed in a row");
        var kinds = w.R.Notifier.Kinds.ToList();
        kinds.IndexOf(NotificationKind.AutonomyChanged).ShouldBeLessThan(kinds.IndexOf(NotificationKind.RollbackInProgress));
        Level().ShouldBe("Act");
        _ledger.Facts.Keys.Where(k => k.Scope == AutonomyBook.MovesScope("api")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task AFalseRollbackSinceItEarnedIt_MovesItBackToAsking_AndSaysSo()
    {
        var w = Harness();
        await EarlierAsync(w, 5, helped: true);
        await EarlierAsync(w, 4, helped: true);
        await _ledger.SetAsync(AutonomyBook.Scope, "api/error-rate", "Act\t2026-11-18T03:00:00Z\t2 confirmed in a row", CancellationToken.None);
        await EarlierAsync(w, 1, helped: false);

        await w.BreachForAsync(TimeSpan.FromMinutes(5));

        (await w.IncidentsAsync()).First().State.ShouldBe(IncidentState.AwaitingApproval);
        w.R.Provider.RollbackCalls.ShouldBeEmpty();
        var moved = w.R.Notifier.Sent.First(n => n.Kind == NotificationKind.AutonomyChanged);
        moved.Title.ShouldContain("asks a person again");
        moved.Text.ShouldContain("since a false rollback");
        Level().ShouldBe("Ask");
    }
}
