using Watchdog.Core.Incidents;

namespace Watchdog.Core.Reports;

/// <summary>Seed 000 phase 4's database messages: the restore offered to a person, with the seed's data-loss warnings, and how it went.</summary>
public static partial class Messages
{
    /// <summary>The seed's own words on restoring a database, quoted in every offer.</summary>
    public static readonly IReadOnlyList<string> DataLossWarnings =
    [
        "⚠️ CRITICAL WARNING: Database rollback causes data loss. Only do this if migration caused corruption. Get approval from Tech Lead first. This is the last resort.",
        "⚠️ Data Loss: Any data created between backup and restore will be lost. Notify users of potential data loss. Document what was lost for recovery attempts.",
        "Stop and get approval if data loss is involved: Watchdog never restores the database by itself, in any mode.",
    ];

    /// <summary>How the offer starts on the incident's timeline.</summary>
    public const string DatabaseOfferLine = "database restore offered to a person";

    /// <summary>How a person asks for the restore: the API call (the page and the incident API show it on the timeline).</summary>
    public static string HowToRestore(Incident i) =>
        $"POST /api/incidents/{i.Id}/restore-database with {{\"by\": \"your name\"}} (bearer Api:Token)";

    /// <summary>The timeline line of the offer: how to ask, and the seed's warning.</summary>
    public static string DatabaseOfferTimeline(Incident i) =>
        $"{DatabaseOfferLine}, never automatic: to restore, {HowToRestore(i)}. {DataLossWarnings[1]}";

    /// <param name="reading">The migration status read before the rollback; null when no status command is configured.</param>
    /// <param name="resolves">Whether the migration is marked rolled back after the restore.</param>
    public static Notification DatabaseRestoreOffer(Incident i, string? reading, bool resolves) => Build(i, NotificationKind.Alert, Severity.High,
        $"🗄️ {i.Service}: database restore available, only if a person asks",
        [
            $"Issue: {i.Trigger.Summary}",
            $"Migration status before the rollback: {reading ?? "not checked (no Database:MigrationStatus command configured)"}",
            "The code rollback goes ahead on its own; the database is left as it is.",
            .. DataLossWarnings,
            $"To restore: {HowToRestore(i)}.",
            "Then, as journaled steps run once each: a fresh backup of the current state; the restore, only if the backup succeeded" +
                (resolves ? "; migrate resolve --rolled-back, only if the restore succeeded." : "."),
        ]);

    public static Notification DatabaseRestored(Incident i, string by, string detail) => Build(i, NotificationKind.Alert, Severity.High,
        $"🗄️ {i.Service}: database restored at the request of {by}",
        [
            $"Database: {detail}",
            DataLossWarnings[1],
            "Verify data integrity, then contact users about data loss (seed 000 scenario 2).",
        ]);
}
