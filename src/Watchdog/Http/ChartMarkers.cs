using Watchdog.Core.Incidents;
using Watchdog.Core.Runbook;

namespace Watchdog.Http;

/// <summary>A vertical line on a rule's chart: <see cref="Kind"/> is its CSS class (<c>deploy</c>, <c>detected</c>, <c>rollback</c>, <c>verify</c>).</summary>
public sealed record ChartMarker(string Kind, DateTimeOffset At, string Label);

public static class ChartMarkers
{
    /// <summary>Deploys seen going live, and the incident's detection, rollback steps (start and end) and verification.</summary>
    public static IReadOnlyList<ChartMarker> Of(Incident? incident, IReadOnlyList<DeployChange> deploys)
    {
        var markers = new List<ChartMarker>();
        foreach (var d in deploys) markers.Add(new ChartMarker("deploy", d.At, $"{d.Deployment.Version} live"));
        if (incident is null) return markers;

        markers.Add(new ChartMarker("detected", incident.DetectedAt, $"{incident.Id} detected"));
        foreach (var step in incident.Steps.OrderBy(x => x.StartedAt))
        {
            var kind = Incident.IsRollbackStep(step.Key) ? "rollback" : step.Key == "verify" ? "verify" : null;
            if (kind is null) continue;
            markers.Add(new ChartMarker(kind, step.StartedAt, $"{step.Key} started"));
            if (step.EndedAt is { } end) markers.Add(new ChartMarker(kind, end, $"{step.Key} {step.Status.ToString().ToLowerInvariant()}"));
        }

        return markers;
    }
}
