using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

public sealed partial class RunbookExecutor
{
    /// <summary>The journaled step that records the migration status before the rollback (seed 000 step 4.1).</summary>
    public const string DatabaseStatusStep = "db-status";

    private const string OfferStep = "notify-database-offer";

    /// <summary>The longest the status command may run beside the rollback: it is evidence, and the offer waits for it.</summary>
    private static readonly TimeSpan StatusWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Seed 000 phase 4, once the app's rollback has been asked for: the migration status was recorded beside it (whether
    /// the bad release applied a migration: the status command's output and a plain reading of it); when data may be
    /// lost or a migration was applied, a person is offered the restore. Nothing here changes the database, in any
    /// mode; a failure never holds up the rollback.
    /// </summary>
    private async Task OfferDatabaseRestoreAsync(Incident incident, CancellationToken ct)
    {
        if (runbook.DatabaseBackup is null || runbook.DatabaseRestore is null) return;
        var reading = StatusReading(incident);
        if (incident.Trigger.Meaning != Rules.Meaning.DataAtRisk && reading is not ({ Applied: true } or { Newest: not null })) return;
        var offer = Messages.DatabaseRestoreOffer(incident, reading?.Plain, runbook.DatabaseResolve is not null);
        if (!incident.Timeline.Any(e => e.Kind == TimelineKind.Database && e.Message.StartsWith(Messages.DatabaseOfferLine, StringComparison.Ordinal)))
        {
            incident.Record(Now, TimelineKind.Database, Messages.DatabaseOfferTimeline(incident));
            await SaveAsync(incident);
        }

        await NotifyStepAsync(incident, OfferStep, offer, ct);
    }

    private async Task<StepOutcome> ReadStatusAsync(IRunbookTask status, CancellationToken ct)
    {
        using var limit = new CancellationTokenSource(StatusWait, time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        StepOutcome ran;
        try
        {
            ran = await status.RunAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            ran = StepOutcome.Failure($"no answer within {Signals.SignalFormat.Duration(StatusWait)}; given up");
        }

        var reading = MigrationReading.Read(ran.Detail, ran.Ok);
        // The output is kept as it came; the first line is the reading, for the timeline.
        return new StepOutcome(ran.Ok || reading.Applied is not null, $"{reading.Plain}\n{ran.Detail}");
    }

    /// <summary>The status step's reading, from its journaled output (a resumed or later pass reads it again).</summary>
    private static MigrationReading? StatusReading(Incident incident)
    {
        if (StepOf(incident, DatabaseStatusStep) is not { Output: { } output }) return null;
        var parts = output.Split('\n', 2);
        return MigrationReading.Read(parts.Length > 1 ? parts[1] : "") with { Plain = parts[0] };
    }

    private static string? NewestOf(Incident incident) => StatusReading(incident)?.Newest;

    /// <summary>
    /// Seed 000 phase 4: restoring the database loses data, so it is never automatic. A person asks for it; a fresh backup
    /// of the current state is taken first, the restore runs only if that succeeded, and the migration is marked rolled
    /// back only after a restore that succeeded. Each is a journaled step run at most once, and people are told how it went.
    /// </summary>
    public async Task<StepOutcome> RestoreDatabaseAsync(Incident incident, string by, CancellationToken ct)
    {
        if (runbook.DatabaseBackup is not { } backup || runbook.DatabaseRestore is not { } restore)
            return StepOutcome.Failure("no database backup and restore commands are configured for this service");
        incident.Record(Now, TimelineKind.Database, $"database restore requested by {by}");
        await SaveAsync(incident);
        var outcome = await BackUpAndRestoreAsync(incident, backup, restore, ct);
        if (outcome.Ok && runbook.DatabaseResolve is { } resolve) outcome = await ResolveAsync(incident, resolve, outcome.Detail, ct);
        await NotifyStepAsync(incident, "notify-restore", outcome.Ok
            ? Messages.DatabaseRestored(incident, by, outcome.Detail)
            : Messages.Escalation(incident, $"database restore requested by {by} did not complete: {outcome.Detail}", "database commands ran as journaled steps"), ct);
        return outcome;
    }

    private async Task<StepOutcome> BackUpAndRestoreAsync(Incident incident, IRunbookTask backup, IRunbookTask restore, CancellationToken ct)
    {
        var saved = await StepAsync(incident, "db-backup", resumed => Once(resumed, () => backup.RunAsync(ct)), ct);
        if (!saved.Ok) return StepOutcome.Failure($"backup of the current state failed, so the restore was not run: {FirstLine(saved.Detail)}");
        var restored = await StepAsync(incident, "db-restore", resumed => Once(resumed, () => restore.RunAsync(ct)), ct);
        return restored.Ok ? StepOutcome.Success($"backup taken, database restored: {FirstLine(restored.Detail)}") : StepOutcome.Failure($"backup taken, but the restore failed: {FirstLine(restored.Detail)}");
    }

    /// <summary>Seed 000 step 4.3, then its "verify state": the migration status read again, when a status command is configured.</summary>
    private async Task<StepOutcome> ResolveAsync(Incident incident, IMigrationResolve resolve, string restored, CancellationToken ct)
    {
        var migration = NewestOf(incident);
        var resolved = await StepAsync(incident, "db-resolve", resumed => Once(resumed, () => resolve.NamesMigration && migration is null
            ? Task.FromResult(StepOutcome.Failure("not run: the migration status named no migration to mark rolled back; run migrate resolve --rolled-back by hand"))
            : resolve.ResolveAsync(migration, ct)), ct);
        if (!resolved.Ok) return StepOutcome.Failure($"{restored}; but marking the migration rolled back failed: {FirstLine(resolved.Detail)}");
        var done = $"{restored}; migration {migration ?? "state"} marked rolled back";
        if (runbook.DatabaseStatus is not { } status) return StepOutcome.Success(done);
        var after = await StepAsync(incident, DatabaseStatusStep + "-after", resumed => Once(resumed, () => ReadStatusAsync(status, ct)), ct);
        return StepOutcome.Success($"{done}; status now: {FirstLine(after.Detail)}");
    }

    /// <summary>A step that can lose data runs at most once: interrupted by a crash, it may have done its work, so it is not run again.</summary>
    private static Task<StepOutcome> Once(bool resumed, Func<Task<StepOutcome>> run) => resumed
        ? Task.FromResult(StepOutcome.Failure("interrupted earlier (Watchdog stopped while it ran) and not run again: it may have done its work; check the database by hand"))
        : run();
}
