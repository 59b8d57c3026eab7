using Microsoft.Extensions.Logging;
using Quartz;
using Watchdog.Metrics;

namespace Watchdog.Hosting;

/// <summary>One polling tick of one service. Never overlaps itself: a slow source delays the next tick rather than piling up.</summary>
[DisallowConcurrentExecution]
public sealed partial class PollJob(WatchdogRuntime runtime, WatchdogMetrics metrics, ILogger<PollJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The service is named by the job's key, not by job data: Quartz copies and merges a job's data map and sets
        // its entries as properties by reflection on every fire, which at 500 polls a second was a fifth of the scheduler's cost.
        // Also before start-up is done and while the journal is down: the watch reads and judges, its decisions wait (StoreHealth).
        if (runtime.Find(PollSchedule.ServiceOf(context.JobDetail.Key)) is not { } watch) return;
        var service = watch.Service;
        try
        {
            // A drill of the service holds it: no tick, so no real incident opens under the drill.
            var ticked = await watch.TickAsync(cancellationToken, context.ScheduledFireTimeUtc);
            if (watch.TakeRunbookFailure() is { } stopped) LogRunbookStopped(logger, stopped, service);
            if (watch.TakeChangePollFailure() is { } unkept) LogChangesUnkept(logger, unkept, service);
            if (!ticked) return;
            metrics.Polled(service, failed: false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Polled(service, failed: true);
            LogTickFailed(logger, e, service);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The runbook of {Service} stopped short; the next tick resumes it from the journal")]
    private static partial void LogRunbookStopped(ILogger logger, Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Error, Message = "What changed at the flag service or platform of {Service} could not be journaled; the next interval looks again")]
    private static partial void LogChangesUnkept(ILogger logger, Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling {Service} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string service);
}
