using Watchdog.Core.Runbook;

namespace Watchdog.Http;

/// <summary>One service frozen for deploys: by its open incident, or by a drill under way (no incident to name yet).</summary>
public sealed record FrozenService(string Service, string? Incident, bool Drill = false);

/// <summary>
/// Seed 1: "DO NOT deploy anything until rollback complete". Deploys are frozen while any watched service
/// has an open incident, or a drill (a deploy then would be undone when the drill rolls forward);
/// <c>/api/freeze</c> and the status page both ask this.
/// </summary>
public sealed record DeployFreeze(IReadOnlyList<FrozenService> Services)
{
    public bool Frozen => Services.Count > 0;

    public string? Why => !Frozen ? null
        : Services.Any(s => s.Incident is not null) ? "an incident is open: do not deploy until it is resolved"
        : "a drill is under way: do not deploy until it is over";

    public static DeployFreeze Of(IEnumerable<ServiceWatch> watches, Func<ServiceWatch, bool>? drilling = null) =>
        new([.. watches.Select(w => new FrozenService(w.Service, w.OpenIncidentId, drilling?.Invoke(w) == true))
            .Where(f => f.Incident is not null || f.Drill)]);
}
