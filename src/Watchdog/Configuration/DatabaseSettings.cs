using Watchdog.Integrations.Commands;

namespace Watchdog.Configuration;

/// <summary>
/// A service's <c>Database</c> commands (seed 000 phase 4). <see cref="MigrationStatus"/> runs before every rollback, as
/// evidence; the others only when a person asks for the restore: <see cref="Backup"/>, then <see cref="Restore"/>, then
/// <see cref="ResolveRolledBack"/>. Each is null when not configured.
/// </summary>
public sealed record DatabaseSettings(
    CommandTaskOptions? MigrationStatus,
    CommandTaskOptions? Backup,
    CommandTaskOptions? Restore,
    CommandTaskOptions? ResolveRolledBack);
