using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>Seed 000 phase 4: the migration status as evidence before the rollback; a restore only when a person asks, each step once.</summary>
public class DatabasePhaseTests
{
    /// <summary>Prisma's answer when the database has a migration the checked-out migrations do not (the bad release's).</summary>
    public const string AppliedBeyond = """
        Prisma schema loaded from prisma/schema.prisma
        Datasource "db": PostgreSQL database "realco_prod", schema "public" at "db:5432"

        3 migrations found in prisma/migrations
        Your local migration history and the migrations table from your database are different:

        The last common migration is: 20250120090000_add_projects

        The migrations from the database are not found locally in prisma/migrations:
        20250122110000_add_orders
        20250122120000_split_order_totals
        """;

    private readonly List<string> _ran = [];

    private void Ran(string what)
    {
        lock (_ran) _ran.Add(what);
    }

    private IReadOnlyList<string> RanInOrder()
    {
        lock (_ran) return [.. _ran];
    }

    /// <summary>All four database commands on <paramref name="h"/>, each noting when it runs.</summary>
    private (FakeTask Status, FakeTask Backup, FakeTask Restore, FakeMigrationResolve Resolve) Database(RunbookHarness h, bool restoreOk = true, string status = AppliedBeyond)
    {
        var db = (new FakeTask("status", detail: status, ran: () => Ran($"status (rollbacks so far: {h.Provider.RollbackCalls.Count})")),
            new FakeTask("backup", ran: () => Ran("backup")),
            new FakeTask("restore", restoreOk, ran: () => Ran("restore")),
            new FakeMigrationResolve(ran: () => Ran("resolve")));
        (h.DatabaseStatus, h.DatabaseBackup, h.DatabaseRestore, h.DatabaseResolve) = db;
        return db;
    }

    /// <param name="flagTried">The flag disabled before this rollback, when it follows one.</param>
    private static Incident DataAtRisk(DateTimeOffset at, string? flagTried = null)
    {
        var trigger = Tripped(Meaning.DataAtRisk) with { Summary = "migration 42 corrupted orders" };
        var incident = new Incident("inc-db", "api", Mode.Auto, trigger, at);
        incident.Decide(RunbookPolicy.Decide([trigger], new Dictionary<string, string>()) with { FlagTried = flagTried }, at);
        return incident;
    }

    [Fact]
    public async Task Rollback_MigrationStatusRunsBeforeTheRollbackCall_OutputAndReadingAreJournaled()
    {
        var h = new RunbookHarness();
        Database(h);
        var incident = DecidedIncident(h.Clock.GetUtcNow());

        await h.RunAsync(incident);

        RanInOrder().ShouldBe(["status (rollbacks so far: 0)"]);
        h.Provider.RollbackCalls.Count.ShouldBe(1);
        var step = incident.Step(RunbookExecutor.DatabaseStatusStep).ShouldNotBeNull();
        step.Status.ShouldBe(StepStatus.Succeeded);
        step.Output.ShouldNotBeNull().ShouldContain("20250122110000_add_orders", customMessage: "the output is kept as it came");
        incident.Timeline.ShouldContain(e => e.Kind == TimelineKind.Step && e.Message.StartsWith("db-status succeeded: a migration was applied beyond the checkout: " +
            "the database's newest applied migration is 20250122120000_split_order_totals, newer than the checked-out migrations expect", StringComparison.Ordinal));
        incident.Timeline.Select(e => e.Message).ShouldContain(m => m.StartsWith(Messages.DatabaseOfferLine, StringComparison.Ordinal),
            "a migration applied: the restore is offered even without a data-at-risk trigger");
    }

    [Fact]
    public async Task Rollback_StatusNeverAnswers_GivesUpAfterAMinuteAndRollsBack()
    {
        var h = new RunbookHarness();
        Database(h);
        h.DatabaseStatus = new HangingTask("status");
        var incident = DecidedIncident(h.Clock.GetUtcNow());

        await h.RunAsync(incident);

        h.Provider.RollbackCalls.Count.ShouldBe(1);
        var step = incident.Step(RunbookExecutor.DatabaseStatusStep).ShouldNotBeNull();
        step.Status.ShouldBe(StepStatus.Failed);
        step.Output.ShouldNotBeNull().ShouldContain("no answer within 1m");
        // The harness moves the clock a second at a time whenever anything waits on it, so the step's own timer may start a
        // step after its record did (the rollback's waits run beside it).
        (step.EndedAt - step.StartedAt).ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RollbackAfterAFlagDisable_TheDatabaseStepsAreTheIncidentsOwn()
    {
        var h = new RunbookHarness();
        Database(h);
        var incident = DataAtRisk(h.Clock.GetUtcNow(), flagTried: "new-checkout");
        await h.RunAsync(incident);

        var outcome = await h.Executor().RestoreDatabaseAsync(incident, "tech-lead", CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        incident.Step(RunbookExecutor.DatabaseStatusStep).ShouldNotBeNull();
        incident.Step("db-restore").ShouldNotBeNull().Status.ShouldBe(StepStatus.Succeeded);
        PostMortem.Draft(incident).ShouldContain("**Data Loss:** YES");
    }

    [Fact]
    public async Task Rollback_StatusOutputUnreadable_SaysItCouldNotTellAndStillRollsBack()
    {
        var h = new RunbookHarness();
        Database(h, status: "Error: P1001: Can't reach database server at `db:5432`");
        var incident = DecidedIncident(h.Clock.GetUtcNow());

        await h.RunAsync(incident);

        h.Provider.RollbackCalls.Count.ShouldBe(1);
        incident.Step(RunbookExecutor.DatabaseStatusStep).ShouldNotBeNull().Output.ShouldNotBeNull().ShouldStartWith("could not tell whether the bad release applied a migration");
        incident.Timeline.ShouldNotContain(e => e.Kind == TimelineKind.Database, "nothing says data is at risk: no restore is offered");
        h.Notifier.Sent.ShouldNotContain(n => n.Title.Contains("database", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AutoDataAtRisk_RollsTheCodeBackButRunsNoBackupOrRestoreUntilAPersonAsks_ThenBackupRestoreResolveInOrder()
    {
        var w = new WatchHarness(Mode.Auto, rules: [ErrorRate with { Meaning = Meaning.DataAtRisk }]);
        Database(w.R);
        await w.BreachForAsync(TimeSpan.FromMinutes(6));
        var incident = await w.OnlyIncidentAsync();

        w.R.Provider.RollbackCalls.Count.ShouldBe(1, "data at risk: the code is rolled back at once");
        incident.State.ShouldBe(IncidentState.Monitoring);
        RanInOrder().ShouldBe(["status (rollbacks so far: 0)"], "nothing that can lose data runs by itself");
        var offer = w.R.Notifier.Sent.Where(n => n.Title.Contains("database restore", StringComparison.Ordinal)).ShouldHaveSingleItem();
        offer.Text.ShouldContain("Stop and get approval if data loss is involved");
        offer.Text.ShouldContain("Any data created between backup and restore will be lost");
        offer.Text.ShouldContain($"POST /api/incidents/{incident.Id}/restore-database");
        incident.Timeline.ShouldContain(e => e.Kind == TimelineKind.Database && e.Message.Contains($"/api/incidents/{incident.Id}/restore-database", StringComparison.Ordinal));

        var (answer, detail) = await w.Watch.RestoreDatabaseAsync(incident.Id, "tech-lead", CancellationToken.None);

        answer.ShouldBe(ServiceWatch.Answer.Done, detail);
        RanInOrder().ShouldBe(["status (rollbacks so far: 0)", "backup", "restore", "resolve", "status (rollbacks so far: 1)"], "seed 4.3 ends by verifying the state");
        ((FakeMigrationResolve)w.R.DatabaseResolve!).Calls.ShouldBe(["20250122120000_split_order_totals"], "the newest migration the status named");
        var after = await w.OnlyIncidentAsync();
        after.Steps.Where(s => s.Key.StartsWith("db-", StringComparison.Ordinal)).Select(s => (s.Key, s.Status)).ShouldBe(
            [("db-status", StepStatus.Succeeded), ("db-backup", StepStatus.Succeeded), ("db-restore", StepStatus.Succeeded), ("db-resolve", StepStatus.Succeeded), ("db-status-after", StepStatus.Succeeded)]);
        w.R.Notifier.Sent[^1].Text.ShouldContain("Any data created between backup and restore will be lost");
        var draft = PostMortem.Draft(after);
        draft.ShouldContain("**Data Loss:** YES: the database was restored from a backup");
        draft.ShouldContain("**Migration status before the rollback:** a migration was applied beyond the checkout");
    }

    [Fact]
    public async Task RestoreFails_ResolveIsNotRun()
    {
        var h = new RunbookHarness();
        var (_, _, _, resolve) = Database(h, restoreOk: false);
        var incident = DataAtRisk(h.Clock.GetUtcNow());
        await h.RunAsync(incident);

        var outcome = await h.Executor().RestoreDatabaseAsync(incident, "tech-lead", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("backup taken, but the restore failed");
        RanInOrder().ShouldBe(["status (rollbacks so far: 0)", "backup", "restore"]);
        resolve.Calls.ShouldBeEmpty();
        incident.Step("db-resolve").ShouldBeNull();
        h.Notifier.Sent[^1].Kind.ShouldBe(NotificationKind.Escalation);
    }

    [Theory]
    [InlineData("db-backup")]
    [InlineData("db-restore")]
    [InlineData("db-resolve")]
    public async Task Restore_AfterACrashMidStep_NoStepRunsTwice(string interrupted)
    {
        var h = new RunbookHarness();
        var (status, backup, restore, resolve) = Database(h);
        var incident = DataAtRisk(h.Clock.GetUtcNow());
        await h.RunAsync(incident);
        var at = h.Clock.GetUtcNow();
        // The journal as a crash left it: the steps before the interrupted one done, the interrupted one only started.
        string[] order = ["db-backup", "db-restore", "db-resolve"];
        foreach (var key in order.TakeWhile(k => k != interrupted))
            incident.SetStep(new StepRecord(key, StepStatus.Succeeded, 1, at, at, $"{key} done before the crash"));
        incident.SetStep(new StepRecord(interrupted, StepStatus.Started, 1, at, null, null));
        await h.Store.SaveAsync(incident, CancellationToken.None);
        var reloaded = await h.ReloadAsync(incident.Id);

        var outcome = await h.Executor().RestoreDatabaseAsync(reloaded, "tech-lead", CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        (backup.Runs, restore.Runs, resolve.Calls.Count).ShouldBe((0, 0, 0), "done before the crash, or interrupted by it: none is run again");
        status.Runs.ShouldBe(1, "only before the rollback");
        var step = reloaded.Step(interrupted).ShouldNotBeNull();
        step.Status.ShouldBe(StepStatus.Failed);
        step.Output.ShouldNotBeNull().ShouldContain("not run again");
        foreach (var later in order.SkipWhile(k => k != interrupted).Skip(1)) reloaded.Step(later).ShouldBeNull();
    }

    [Fact]
    public async Task Rollback_ResumedWithTheStatusStepStarted_DoesNotRunItAgain()
    {
        var h = new RunbookHarness();
        var (status, _, _, _) = Database(h);
        var incident = DataAtRisk(h.Clock.GetUtcNow());
        incident.MoveTo(IncidentState.RollingBack, h.Clock.GetUtcNow(), "rolling back");
        incident.SetStep(new StepRecord(RunbookExecutor.DatabaseStatusStep, StepStatus.Started, 1, h.Clock.GetUtcNow(), null, null));

        await h.RunAsync(incident);

        status.Runs.ShouldBe(0);
        h.Provider.RollbackCalls.Count.ShouldBe(1, "the evidence never holds up the rollback");
        incident.Step(RunbookExecutor.DatabaseStatusStep).ShouldNotBeNull().Status.ShouldBe(StepStatus.Failed);
    }
}
