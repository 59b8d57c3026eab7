using Watchdog.Core.Runbook;

namespace Watchdog.Http;

/// <summary>One service frozen for deploys, and the incident that froze it.</summary>
public sealed record FrozenService(string Service, string Incident);

/// <summary>
/// Seed 1: "DO NOT deploy anything until rollback complete". Deploys are frozen while any watched
/// service has an open incident; <c>/api/freeze</c> and the status page both ask this.
/// </summary>
public sealed record DeployFreeze(IReadOnlyList<FrozenService> Services)
{
    public const string Why = "an incident is open: do not deploy until it is resolved";

    public bool Frozen => Services.Count > 0;

    public static DeployFreeze Of(IEnumerable<ServiceWatch> watches) =>
        new([.. watches.Select(w => (w.Service, Incident: w.OpenIncidentId))
            .Where(w => w.Incident is not null)
            .Select(w => new FrozenService(w.Service, w.Incident!))]);
}
