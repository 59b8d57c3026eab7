using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Each incident is one trace and each runbook step a span in it. An incident outlives the process (it is resumed
/// from the journal after a restart) and is worked on across many ticks, so no live <see cref="Activity"/> can be
/// its parent for its whole life. Instead its trace id is derived from the incident id: a SHA-256 of the id, the
/// first 16 bytes as the trace id and the next 8 as a virtual root span id. Every process that touches the incident
/// computes the same context, so the spans of one incident land in one trace even after a restart, with no state
/// kept anywhere. The root span itself is never emitted (an Activity cannot be given a chosen span id); backends
/// show the trace with the incident's spans under that one missing root.
/// </summary>
public static class IncidentTrace
{
    public const string SourceName = "Watchdog";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The context every span of the incident hangs from.</summary>
    public static ActivityContext Root(string incidentId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(incidentId));
        return new ActivityContext(ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)), ActivityTraceFlags.Recorded);
    }

    /// <summary>A span for one pass of the executor over the incident (opened, run, gated, ended); its steps are its children.</summary>
    public static Activity? Start(Incident incident, string name, DateTimeOffset at)
    {
        if (!Source.HasListeners()) return null; // no tracer: not even the id's hash
        var activity = Source.StartActivity("incident " + name, ActivityKind.Internal, Parent(incident), startTime: at);
        activity?.SetTag("watchdog.incident.id", incident.Id);
        activity?.SetTag("watchdog.service", incident.Service);
        activity?.SetTag("watchdog.incident.state", incident.State.ToString());
        return activity;
    }

    /// <summary>Ends a pass with the state it left the incident in; an incident people now own is an error.</summary>
    public static void EndPass(Activity? activity, Incident incident, DateTimeOffset at)
    {
        if (activity is null) return;
        activity.SetTag("watchdog.incident.state", incident.State.ToString());
        if (incident.State is IncidentState.Failed or IncidentState.Escalated)
            activity.SetStatus(ActivityStatusCode.Error, incident.State.ToString());
        activity.SetEndTime(at.UtcDateTime);
        activity.Stop();
    }

    public static Activity? StartStep(Incident incident, string key, int attempt, DateTimeOffset at)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity(key, ActivityKind.Internal, Parent(incident), startTime: at);
        activity?.SetTag("watchdog.incident.id", incident.Id);
        activity?.SetTag("watchdog.service", incident.Service);
        activity?.SetTag("watchdog.step", key);
        activity?.SetTag("watchdog.attempt", attempt);
        return activity;
    }

    /// <param name="detail">Already redacted: only its first line is kept.</param>
    public static void End(Activity? activity, bool ok, string detail, DateTimeOffset at)
    {
        if (activity is null) return;
        var first = FirstLine(detail);
        activity.SetTag("watchdog.outcome", ok ? "ok" : "failed");
        activity.SetTag("watchdog.detail", first);
        activity.SetStatus(ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error, ok ? null : first);
        activity.SetEndTime(at.UtcDateTime);
        activity.Stop();
    }

    /// <summary>Under the executor's pass when one is running for this incident, else straight under its root.</summary>
    private static ActivityContext Parent(Incident incident)
    {
        var root = Root(incident.Id);
        return Activity.Current is { } current && current.TraceId == root.TraceId ? current.Context : root;
    }

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
