using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Core.Tests.Fakes;

/// <summary>
/// A journal that keeps deep copies, as a database would: what a test reads back is what was saved
/// at that moment, not the live object. Every save is also kept as a snapshot, in order.
/// </summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);
    private readonly List<Incident> _saves = [];

    /// <summary>Automatic rollbacks from before this store's incidents (an earlier incident, say).</summary>
    public List<DateTimeOffset> EarlierAutomaticRollbacks { get; } = [];

    /// <summary>When set and true for the incident being saved, the save throws: a crash or a lost database.</summary>
    public Func<Incident, bool>? FailWhen { get; set; }

    public IReadOnlyList<Incident> Saves
    {
        get { lock (_gate) return [.. _saves]; }
    }

    public Task SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        if (FailWhen?.Invoke(incident) == true)
            throw new IOException("journal write failed");
        var copy = Copy(incident);
        lock (_gate)
        {
            _incidents[incident.Id] = copy;
            _saves.Add(Copy(incident));
        }

        return Task.CompletedTask;
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_incidents.TryGetValue(id, out var i) ? Copy(i) : null);
    }

    public Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Incident>>([.. _incidents.Values.OrderByDescending(i => i.OpenedAt).Take(limit).Select(Copy)]);
    }

    public Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Incident>>([.. _incidents.Values.Where(i => i.IsOpen).Select(Copy)]);
    }

    public Task<IReadOnlyList<DateTimeOffset>> AutomaticRollbacksSinceAsync(string service, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var fromIncidents = _incidents.Values
                .Where(i => i.Service == service && (i.Mode == Mode.Auto || i.Timeline.Any(e => e.Kind == TimelineKind.Unvetoed)) && !i.Drill && i.RollbackStartedAt is { } at && at >= since)
                .Select(i => i.RollbackStartedAt!.Value);
            return Task.FromResult<IReadOnlyList<DateTimeOffset>>([.. EarlierAutomaticRollbacks.Where(t => t >= since), .. fromIncidents]);
        }
    }

    /// <summary>A deep copy through the same path a real store takes on load: <see cref="Incident.Restore"/>.</summary>
    public static Incident Copy(Incident i)
    {
        var copy = Incident.Restore(i.Id, i.Service, i.Mode, i.Trigger, i.OpenedAt, i.State, i.Decision, i.ClosedAt, [.. i.Timeline], [.. i.Steps], i.Drill);
        copy.FromVersion = i.FromVersion;
        copy.ToVersion = i.ToVersion;
        copy.TargetDeploymentId = i.TargetDeploymentId;
        copy.RollbackStartedAt = i.RollbackStartedAt;
        copy.RestoredAt = i.RestoredAt;
        return copy;
    }

    private readonly HashSet<(string Service, string Key)> _quarantine = [];

    public Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_quarantine)
        {
            _quarantine.Add((service, version));
            if (deploymentId is not null) _quarantine.Add((service, deploymentId));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken cancellationToken)
    {
        lock (_quarantine) return Task.FromResult<IReadOnlySet<string>>(_quarantine.Where(q => q.Service == service).Select(q => q.Key).ToHashSet());
    }
}
