using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary><c>GET /api/services</c>'s <see cref="ServiceView"/> of one watch.</summary>
public static class ServiceViews
{
    public static ServiceView Of(ServiceWatch w) => new(
        w.Service,
        w.OpenIncidentId,
        [.. w.Readings.Select(r => new ReadingView(
            r.Signal.ToString(), r.Source, r.State.ToString(),
            r.HasValue ? r.Value : null,
            r.HasValue ? SignalFormat.Value(r.Signal, r.Value) : null,
            r.Samples, r.At, r.Reason, r.Note))],
        [.. w.Verdicts.Select(v => new RuleView(
            v.Rule.Name, v.Status.ToString(), v.Why.ToString(), v.Explain(),
            v.Baseline is { } b ? new BaselineView(b.Value, b.Origin.ToString(), b.Description) : null))],
        [.. w.Sources.Select(s => new SourceView(s.Source, s.Blind, s.ConsecutiveErrors, s.Errors, s.FailingSince, s.LastReason))],
        [.. w.PushedAlerts.Select(a => new PushedAlertView(a.Source, a.Key, a.Meaning.ToString(), a.Summary, a.StartsAt))],
        w.Live is { } live ? new LiveView(live.Id, live.Version) : null,
        // The post-deploy watch of the newest release began when it was first seen live (at once when a platform said so).
        w.DeployChanges is [.., var newest] ? newest.At : null,
        [.. w.DeployNotes.Select(n => new DeployNoteView(n.At, n.Text))]);
}
