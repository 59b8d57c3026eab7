using System.Collections.Concurrent;
using Prometheus;
using Watchdog.Configuration;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Metrics;

/// <summary>
/// The seeds' rollback metrics, counted from the journal: at start every incident in it is counted once, then
/// each save counts what became known (an outcome, a rollback attempt's result, a duration). Each fact is counted
/// once per incident, so a restart shows the same totals as before it, never a reset to 0 — <c>increase()</c> over
/// a window that spans a restart stays right. Drills are rehearsals, not incidents: they are left out.
/// </summary>
public sealed class IncidentMetrics
{
    /// <summary>Seconds to hours: detection takes a rule's <c>for</c> (1–5 min), a restore 5–10 min, a stuck one hours.</summary>
    public static readonly double[] Buckets = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

    private static readonly string[] Outcomes = ["resolved", "escalated", "failed"];
    private static readonly string[] Results = ["succeeded", "failed"];
    private readonly ConcurrentDictionary<string, byte> _counted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _providers;
    private readonly Counter _incidents, _rollbacks;
    private readonly Histogram _detect, _initiate, _restore;

    public IncidentMetrics(CollectorRegistry registry, WatchdogSettings settings)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _incidents = f.CreateCounter("watchdog_incidents_total", "Incidents that ended, by outcome: resolved, escalated or failed (counted from the journal).", ["outcome", "service"]);
        _rollbacks = f.CreateCounter("watchdog_rollbacks_total", "Rollbacks asked of a provider (fallbacks each count), by result: succeeded made the target live.", ["provider", "result", "service"]);
        Histogram Seconds(string name, string help) => f.CreateHistogram(name, help, new HistogramConfiguration { Buckets = Buckets, LabelNames = ["service"] });
        _detect = Seconds("watchdog_time_to_detect_seconds", "From the first breached reading to the rule firing.");
        _initiate = Seconds("watchdog_time_to_initiate_seconds", "From detection to the rollback starting.");
        _restore = Seconds("watchdog_time_to_restore_seconds", "From detection to verification passing after the rollback.");
        _providers = settings.Services.ToDictionary(s => s.Name, s => s.RollbackSteps.ToDictionary(x => x.Step, x => x.Provider, StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var s in settings.Services)
        {
            foreach (var o in Outcomes) _incidents.WithLabels(o, s.Name);
            foreach (var p in s.RollbackSteps.Select(x => x.Provider).Distinct(StringComparer.Ordinal))
                foreach (var r in Results) _rollbacks.WithLabels(p, r, s.Name);
            foreach (var h in (Histogram[])[_detect, _initiate, _restore]) h.WithLabels(s.Name);
        }
    }

    /// <summary>Counts every incident the journal holds; called once the journal is open, before the first poll.</summary>
    public async Task CountJournalAsync(IIncidentStore store, CancellationToken cancellationToken)
    {
        foreach (var incident in await store.ListAsync(int.MaxValue, cancellationToken)) Count(incident);
    }

    /// <summary>Counts what is known of <paramref name="incident"/> and was not counted yet.</summary>
    public void Count(Incident incident)
    {
        if (incident.Drill) return;
        var (id, service) = (incident.Id, incident.Service);
        var m = incident.Metrics;
        if (m.TimeToDetect is { } d && First(id, "detect")) _detect.WithLabels(service).Observe(Math.Max(0, d.TotalSeconds));
        if (m.TimeToInitiate is { } i && First(id, "initiate")) _initiate.WithLabels(service).Observe(Math.Max(0, i.TotalSeconds));
        if (m.TimeToRestore is { } r && First(id, "restore")) _restore.WithLabels(service).Observe(Math.Max(0, r.TotalSeconds));
        if (IncidentTransitions.IsFinal(incident.State) && First(id, "outcome"))
            _incidents.WithLabels(WatchdogMetrics.Snake(incident.State), service).Inc();
        foreach (var step in incident.Steps.Where(s => Incident.IsRollbackStep(s.Key) && s.Status != StepStatus.Started))
        {
            if (!First(id, $"{step.Key}#{step.Attempt}")) continue;
            // An ":after-flag" rollback calls the same provider as the plain one.
            var key = step.Key.EndsWith(Incident.AfterFlagSuffix, StringComparison.Ordinal) ? step.Key[..^Incident.AfterFlagSuffix.Length] : step.Key;
            var provider = _providers.GetValueOrDefault(service)?.GetValueOrDefault(key) ?? "unknown";
            _rollbacks.WithLabels(provider, step.Status == StepStatus.Succeeded ? "succeeded" : "failed", service).Inc();
        }
    }

    private bool First(string incident, string fact) => _counted.TryAdd(incident + "/" + fact, 0);
}
