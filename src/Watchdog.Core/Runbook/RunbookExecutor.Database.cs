using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

public sealed partial class RunbookExecutor
{
    /// <summary>
    /// Seed 1 phase 4: restoring the database loses data, so it is never automatic. A person asks for it;
    /// a fresh backup of the current state is taken first, and the restore runs only if that succeeded.
    /// Both are journaled steps of the incident, and people are told how it went.
    /// </summary>
    public async Task<StepOutcome> RestoreDatabaseAsync(Incident incident, string by, CancellationToken ct)
    {
        if (runbook.DatabaseBackup is not { } backup || runbook.DatabaseRestore is not { } restore)
            return StepOutcome.Failure("no database backup and restore commands are configured for this service");
        incident.Record(Now, TimelineKind.Database, $"database restore requested by {by}");
        await SaveAsync(incident);
        var outcome = await BackUpAndRestoreAsync(incident, backup, restore, ct);
        await NotifyStepAsync(incident, "notify-restore", outcome.Ok
            ? Messages.Alert(incident, $"database restored at the request of {by}: {outcome.Detail}")
            : Messages.Escalation(incident, $"database restore requested by {by} did not complete: {outcome.Detail}", "backup/restore commands ran as journaled"), ct);
        return outcome;
    }

    private async Task<StepOutcome> BackUpAndRestoreAsync(Incident incident, IRunbookTask backup, IRunbookTask restore, CancellationToken ct)
    {
        var saved = await StepAsync(incident, "db-backup", _ => backup.RunAsync(ct), ct);
        if (!saved.Ok) return StepOutcome.Failure($"backup of the current state failed, so the restore was not run: {FirstLine(saved.Detail)}");
        var restored = await StepAsync(incident, "db-restore", _ => restore.RunAsync(ct), ct);
        return restored.Ok ? StepOutcome.Success($"backup taken, database restored: {FirstLine(restored.Detail)}") : StepOutcome.Failure($"backup taken, but the restore failed: {FirstLine(restored.Detail)}");
    }
}
