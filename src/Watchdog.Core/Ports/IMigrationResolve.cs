namespace Watchdog.Core.Ports;

/// <summary>
/// Marks a migration rolled back after the database was restored (seed 000 step 4.3,
/// <c>npx prisma migrate resolve --rolled-back &lt;migration&gt;</c>).
/// </summary>
public interface IMigrationResolve
{
    /// <summary>Whether the command names the migration (<c>{migration}</c>), so it cannot run without one.</summary>
    bool NamesMigration { get; }

    /// <param name="migration">The migration to mark rolled back; null when none is known (only for a command that names none).</param>
    Task<StepOutcome> ResolveAsync(string? migration, CancellationToken cancellationToken);
}
