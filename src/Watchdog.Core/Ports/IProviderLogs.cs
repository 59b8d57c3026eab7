namespace Watchdog.Core.Ports;

/// <summary>
/// A platform that can show what the live deployment printed. Before rolling back, its last lines are kept with
/// the incident as evidence: after the rollback the failing instances, and often their logs, are gone.
/// </summary>
public interface IProviderLogs
{
    /// <summary>At most <paramref name="maxLines"/> of the newest lines, oldest first; empty when there are none.</summary>
    Task<IReadOnlyList<string>> LiveLogsAsync(int maxLines, CancellationToken cancellationToken);
}
