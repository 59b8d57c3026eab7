using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Runbook;

public sealed partial class RunbookExecutor
{
    /// <summary>
    /// The journal discipline: a finished step returns its recorded outcome; otherwise "started" is
    /// saved before the step runs and the outcome after. <c>resumed</c> tells the step it was interrupted.
    /// </summary>
    private async Task<StepOutcome> StepAsync(Incident incident, string key, Func<bool, Task<StepOutcome>> run, CancellationToken ct)
    {
        key = Scoped(incident, key);
        var prior = incident.Step(key);
        if (prior is { Status: not StepStatus.Started })
            return new StepOutcome(prior.Status == StepStatus.Succeeded, prior.Output ?? "");

        var begun = Begin(incident, key, prior);
        await SaveAsync(incident);
        var outcome = await RunGuardedAsync(() => run(prior is not null), ct);
        outcome = Finish(incident, begun, outcome);
        await SaveAsync(incident);
        return outcome;
    }

    /// <summary>
    /// A step that only reads (what is live, what to roll back to, a platform setting): run again after a restart
    /// rather than marked started, so its outcome is kept in memory and journaled by the save that follows it — the
    /// one before anything acts on what it read. That keeps the journal's one write, not three, before a rollback.
    /// </summary>
    private async Task<StepOutcome> ReadStepAsync(Incident incident, string key, Func<Task<StepOutcome>> read, CancellationToken ct)
    {
        key = Scoped(incident, key);
        var prior = incident.Step(key);
        if (prior is { Status: not StepStatus.Started })
            return new StepOutcome(prior.Status == StepStatus.Succeeded, prior.Output ?? "");

        var begun = Begin(incident, key, prior);
        return Finish(incident, begun, await RunGuardedAsync(read, ct));
    }

    /// <summary>A step begun: its started record set on the incident (not yet saved) and its trace span opened.</summary>
    private sealed record Begun(string Key, int Attempt, DateTimeOffset Started, System.Diagnostics.Activity? Span);

    private Begun Begin(Incident incident, string key, StepRecord? prior)
    {
        var started = Now;
        var attempt = (prior?.Attempt ?? 0) + 1;
        incident.SetStep(new StepRecord(key, StepStatus.Started, attempt, started, null, null) { Token = runbook.Fence?.Token ?? 0 });
        return new Begun(key, attempt, started, IncidentTrace.StartStep(incident, key, attempt, started));
    }

    /// <summary>The outcome recorded on the incident (redacted, on the timeline); the caller saves it.</summary>
    private StepOutcome Finish(Incident incident, Begun step, StepOutcome outcome)
    {
        var detail = redactor.Redact(outcome.Detail);
        IncidentTrace.End(step.Span, outcome.Ok, detail, Now);
        incident.SetStep(new StepRecord(step.Key, outcome.Ok ? StepStatus.Succeeded : StepStatus.Failed, step.Attempt, step.Started, Now, detail) { Token = runbook.Fence?.Token ?? 0 });
        incident.Record(Now, TimelineKind.Step, $"{step.Key} {(outcome.Ok ? "succeeded" : "failed")}{(step.Attempt > 1 ? $" (attempt {step.Attempt})" : "")}: {FirstLine(detail)}");
        return outcome with { Detail = detail };
    }

    /// <summary>A step's own failure is its outcome; only the runbook's cancellation propagates.</summary>
    private static async Task<StepOutcome> RunGuardedAsync(Func<Task<StepOutcome>> run, CancellationToken ct)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return StepOutcome.Failure($"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>One pass of the executor over the incident as a span of its trace (see <see cref="IncidentTrace"/>); the steps it runs are its children.</summary>
    private async Task<T> TracedAsync<T>(Incident incident, string pass, Func<Task<T>> body)
    {
        var activity = IncidentTrace.Start(incident, pass, Now);
        try
        {
            return await body();
        }
        finally
        {
            IncidentTrace.EndPass(activity, incident, Now);
        }
    }

    /// <summary>Runs a notification as a journaled step: a restart re-sends only what was not sent.</summary>
    private Task NotifyStepAsync(Incident incident, string key, Notification n, CancellationToken ct) =>
        StepAsync(incident, key, _ => SendAsync(incident, n, ct), ct);

    private async Task<StepOutcome> SendAsync(Incident incident, Notification n, CancellationToken ct)
    {
        var results = await notifier.SendAsync(incident.Drill ? DrillMessages.Mark(n) : n, ct);
        // Journaled as failed when no channel took it: an escalation that reached nobody must show.
        return new StepOutcome(ChannelResult.Delivered(results), ChannelResult.Describe(results));
    }

    /// <summary>Puts a line on the incident's timeline and saves it; only between the runbook's passes (the watch holds it then).</summary>
    public Task NoteAsync(Incident incident, DateTimeOffset at, TimelineKind kind, string text)
    {
        incident.Record(at, kind, redactor.Redact(text));
        return SaveAsync(incident);
    }

    /// <summary>A message about the service rather than an incident (blind, sees again, a quarantined release back).</summary>
    public Task<IReadOnlyList<ChannelResult>> AnnounceAsync(Notification n, CancellationToken ct) => notifier.SendAsync(n, ct);

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl] + " …";
    }

    // The journal is written even while shutting down: a half-written step is worse than a late stop.
    // Fenced: nothing is saved, so nothing after it is done, once the lease is lost or past its renewal.
    // What was begun beside the runbook starts once this save has journaled it.
    private async Task SaveAsync(Incident incident)
    {
        if (runbook.Fence is { } fence)
        {
            if (!fence.Held(Now))
                throw new FencedOffException(runbook.Service, fence.Holder is { } holder ? $"{holder} holds it" : "it was not renewed in time (is the journal reachable?)");
            incident.Fence = fence.Token;
        }

        await store.SaveAsync(incident, CancellationToken.None);
        LaunchAlongside();
    }
}
