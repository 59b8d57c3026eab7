using Watchdog.Core.Incidents;

namespace Watchdog.Core.Ports;

/// <summary>The durable journal. <see cref="SaveAsync"/> is an idempotent upsert of the incident, its timeline and steps.</summary>
public interface IIncidentStore
{
    Task SaveAsync(Incident incident, CancellationToken cancellationToken);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>When automatic (Auto mode) rollbacks of <paramref name="service"/> started since <paramref name="since"/>; drills are not counted.</summary>
    Task<IReadOnlyList<DateTimeOffset>> AutomaticRollbacksSinceAsync(string service, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Records a rolled-back release as bad; idempotent per service and version.</summary>
    Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The versions (and deployment ids) of <paramref name="service"/> that were rolled back from.</summary>
    Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken cancellationToken);
}
