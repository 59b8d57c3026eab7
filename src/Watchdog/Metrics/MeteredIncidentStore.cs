using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Metrics;

/// <summary>Counts each incident as it is saved: every change to an incident goes through the journal, so none is missed.</summary>
public sealed class MeteredIncidentStore(IIncidentStore inner, IncidentMetrics metrics) : IIncidentStore
{
    public async Task SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(incident, cancellationToken);
        metrics.Count(incident);
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken) => inner.ListAsync(limit, cancellationToken);

    public Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken) => inner.ListOpenAsync(cancellationToken);

    public Task<IReadOnlyList<DateTimeOffset>> AutomaticRollbacksSinceAsync(string service, DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.AutomaticRollbacksSinceAsync(service, since, cancellationToken);

    public Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.QuarantineAsync(service, version, deploymentId, incidentId, at, cancellationToken);

    public Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken cancellationToken) => inner.QuarantinedAsync(service, cancellationToken);
}
