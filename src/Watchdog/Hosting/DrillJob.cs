using Microsoft.Extensions.Logging;
using Quartz;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>One scheduled drill of one service (<c>Watchdog:Drills:N</c>), fired by its cron trigger.</summary>
[DisallowConcurrentExecution]
public sealed partial class DrillJob(WatchdogRuntime runtime, ILogger<DrillJob> logger) : IJob
{
    public const string ServiceKey = "service";
    public const string ScheduleKey = "schedule";
    public const string RollForwardKey = "rollForward";

    /// <summary>The Quartz identity of the <paramref name="index"/>th configured drill's job and trigger.</summary>
    public static string Name(int index, string service) => $"drill-{index}-{service}";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var service = data.GetString(ServiceKey)!;
        if (!runtime.Ready)
        {
            // Start-up is still resuming what the journal holds; the next quarter's drill is soon enough.
            LogNotReady(logger, service);
            return;
        }

        if (runtime.Find(service)?.Fence is { Watches: false } fence)
        {
            // Several instances fire the same schedule: the one that holds the service drills it.
            LogNotHolder(logger, service, fence.Holder ?? "another instance");
            return;
        }

        try
        {
            await runtime.Drills.RunAsync(service, new DrillRequest($"schedule {data.GetString(ScheduleKey)}", data.GetBoolean(RollForwardKey)), null, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, service);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled drill of {Service} skipped: Watchdog is still starting")]
    private static partial void LogNotReady(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled drill of {Service} left to {Holder}, which holds the service")]
    private static partial void LogNotHolder(ILogger logger, string service, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled drill of {Service} stopped short; it stays open in the journal and is resumed at the next start")]
    private static partial void LogFailed(ILogger logger, Exception exception, string service);
}
