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

        var started = Now;
        var attempt = (prior?.Attempt ?? 0) + 1;
        incident.SetStep(new StepRecord(key, StepStatus.Started, attempt, started, null, null) { Token = runbook.Fence?.Token ?? 0 });
        await SaveAsync(incident);

        using var span = IncidentTrace.StartStep(incident, key, attempt, started);
        StepOutcome outcome;
        try
        {
            outcome = await run(prior is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            outcome = StepOutcome.Failure($"{e.GetType().Name}: {e.Message}");
        }

        var detail = redactor.Redact(outcome.Detail);
        IncidentTrace.End(span, outcome.Ok, detail, Now);
        incident.SetStep(new StepRecord(key, outcome.Ok ? StepStatus.Succeeded : StepStatus.Failed, attempt, started, Now, detail) { Token = runbook.Fence?.Token ?? 0 });
        incident.Record(Now, TimelineKind.Step, $"{key} {(outcome.Ok ? "succeeded" : "failed")}{(attempt > 1 ? $" (attempt {attempt})" : "")}: {FirstLine(detail)}");
        await SaveAsync(incident);
        return outcome with { Detail = detail };
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
        StepAsync(incident, key, async _ =>
        {
            var results = await notifier.SendAsync(incident.Drill ? DrillMessages.Mark(n) : n, ct);
            // Journaled as failed when no channel took it: an escalation that reached nobody must show.
            return new StepOutcome(ChannelResult.Delivered(results), ChannelResult.Describe(results));
        }, ct);

    /// <summary>A message about the service rather than an incident (blind, sees again, a quarantined release back).</summary>
    public Task<IReadOnlyList<ChannelResult>> AnnounceAsync(Notification n, CancellationToken ct) => notifier.SendAsync(n, ct);

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl] + " …";
    }

    // The journal is written even while shutting down: a half-written step is worse than a late stop.
    // Fenced: nothing is saved, so nothing after it is done, once the lease is lost or past its renewal.
    private Task SaveAsync(Incident incident)
    {
        if (runbook.Fence is { } fence)
        {
            if (!fence.Held(Now))
                throw new FencedOffException(runbook.Service, fence.Holder is { } holder ? $"{holder} holds it" : "it was not renewed in time (is the journal reachable?)");
            incident.Fence = fence.Token;
        }

        return store.SaveAsync(incident, CancellationToken.None);
    }
}
