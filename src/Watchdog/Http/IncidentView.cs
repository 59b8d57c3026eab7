using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary>The incidents API's JSON shapes (<see cref="IncidentSummary"/>, <see cref="IncidentDetail"/>) from an incident.</summary>
public static class IncidentView
{
    public static IncidentSummary Summary(Incident i) => new(
        i.Id, i.Service, i.State.ToString(), i.Mode.ToString(), i.IsOpen, i.Drill, i.Trigger.Source, i.Decision?.Action.ToString(),
        i.FromVersion, i.ToVersion, i.OpenedAt, i.ClosedAt);

    /// <param name="trusted">Whether the reader presented a token: only then are command lines and outputs shown.</param>
    public static IncidentDetail Full(Incident i, bool trusted)
    {
        var m = i.Metrics;
        var t = i.Trigger;
        return new IncidentDetail(
            i.Id, i.Service, i.State.ToString(), i.Mode.ToString(), i.IsOpen, i.Drill,
            new TriggerView(
                t.Source, t.Meaning.ToString(), t.Summary, t.Signal?.ToString(), t.Value, t.Threshold,
                t.MeasuredOver is { } w ? SignalFormat.Duration(w) : null,
                t.HeldFor is { } held ? SignalFormat.Duration(held) : null,
                t.Baseline, t.BaselineFrom, t.Since, t.DetectedAt),
            i.Decision is { } d ? new DecisionView(d.Action.ToString(), d.Reason, d.Flag) : null,
            i.FromVersion, i.ToVersion, i.OpenedAt, i.ImpactStartedAt, i.DetectedAt, i.RollbackStartedAt, i.RestoredAt, i.ClosedAt,
            new MetricsView(m.TimeToDetect?.TotalSeconds, m.TimeToInitiate?.TotalSeconds, m.TimeToRestore?.TotalSeconds, m.ImpactDuration?.TotalSeconds),
            [.. i.Timeline.Select(e => new EventView(e.Seq, e.At, e.Kind.Text(), trusted ? e.Message : ReadAccess.ForAnonymous(e.Message)))],
            [.. i.Steps.OrderBy(s => s.StartedAt).Select(s => new StepView(
                s.Key, s.Status.ToString(), s.Attempt, s.StartedAt, s.EndedAt,
                trusted || s.Output is null ? s.Output : ReadAccess.OutputForAnonymous(s.Output)))]);
    }
}
