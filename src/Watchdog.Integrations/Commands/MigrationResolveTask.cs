using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Commands;

/// <summary>Seed 000 step 4.3 as a command, e.g. <c>npx prisma migrate resolve --rolled-back {migration}</c>; the name is quoted for the shell.</summary>
public sealed class MigrationResolveTask(CommandTask command) : IMigrationResolve
{
    public bool NamesMigration => command.Uses(CommandTemplate.Migration);

    public Task<StepOutcome> ResolveAsync(string? migration, CancellationToken cancellationToken) =>
        command.RunAsync(migration is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [CommandTemplate.Migration] = migration }, cancellationToken);
}
