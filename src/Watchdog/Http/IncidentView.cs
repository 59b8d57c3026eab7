using Watchdog.Core.Incidents;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary>The incidents API's JSON shapes.</summary>
public static class IncidentView
{
    public static object Summary(Incident i) => new
    {
        i.Id,
        i.Service,
        State = i.State.ToString(),
        Mode = i.Mode.ToString(),
        i.IsOpen,
        i.Drill,
        Rule = i.Trigger.Source,
        Decision = i.Decision?.Action.ToString(),
        i.FromVersion,
        i.ToVersion,
        i.OpenedAt,
        i.ClosedAt,
    };

    /// <param name="trusted">Whether the reader presented a token: only then are command lines and outputs shown.</param>
    public static object Full(Incident i, bool trusted)
    {
        var m = i.Metrics;
        return new
        {
            i.Id,
            i.Service,
            State = i.State.ToString(),
            Mode = i.Mode.ToString(),
            i.IsOpen,
            i.Drill,
            Trigger = new
            {
                Rule = i.Trigger.Source,
                Meaning = i.Trigger.Meaning.ToString(),
                i.Trigger.Summary,
                Signal = i.Trigger.Signal?.ToString(),
                i.Trigger.Value,
                i.Trigger.Threshold,
                Window = i.Trigger.MeasuredOver is { } w ? SignalFormat.Duration(w) : null,
                HeldFor = i.Trigger.HeldFor is { } held ? SignalFormat.Duration(held) : null,
                i.Trigger.Baseline,
                i.Trigger.BaselineFrom,
                i.Trigger.Since,
                i.Trigger.DetectedAt,
            },
            Decision = i.Decision is { } d ? new { Action = d.Action.ToString(), d.Reason, d.Flag } : null,
            i.FromVersion,
            i.ToVersion,
            i.OpenedAt,
            i.ImpactStartedAt,
            i.DetectedAt,
            i.RollbackStartedAt,
            i.RestoredAt,
            i.ClosedAt,
            Metrics = new
            {
                TimeToDetectSeconds = m.TimeToDetect?.TotalSeconds,
                TimeToInitiateSeconds = m.TimeToInitiate?.TotalSeconds,
                TimeToRestoreSeconds = m.TimeToRestore?.TotalSeconds,
                ImpactDurationSeconds = m.ImpactDuration?.TotalSeconds,
            },
            Timeline = i.Timeline.Select(e => new { e.Seq, e.At, Kind = e.Kind.Text(), Message = trusted ? e.Message : ReadAccess.ForAnonymous(e.Message) }),
            Steps = i.Steps.OrderBy(s => s.StartedAt).Select(s => new
            {
                s.Key, Status = s.Status.ToString(), s.Attempt, s.StartedAt, s.EndedAt,
                Output = trusted || s.Output is null ? s.Output : ReadAccess.OutputForAnonymous(s.Output),
            }),
        };
    }
}
