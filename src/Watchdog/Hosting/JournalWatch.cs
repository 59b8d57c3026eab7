using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Storage;

namespace Watchdog.Hosting;

/// <summary>
/// Checks the journal as often as the fastest service is polled. When it is lost or cannot be written, /readyz
/// fails, the log says so, and every channel that can still send is told; once it is sound again, they hear that too.
/// Meanwhile the journal refuses every write, so nothing is acted on without it.
/// </summary>
public sealed partial class JournalWatch(JournalStore store, WatchdogRuntime runtime, WatchdogSettings settings, TimeProvider time, ILogger<JournalWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = settings.Services.Select(s => s.PollInterval).Append(TimeSpan.FromSeconds(10)).Min();
        DateTimeOffset? lostSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(every, time, stoppingToken);
            string? problem;
            try
            {
                problem = await store.CheckAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                problem = e.Message;
            }

            runtime.JournalProblem = problem;
            if (problem is not null && lostSince is null)
            {
                lostSince = time.GetUtcNow();
                LogLost(logger, store.Location, problem);
                await runtime.Fanout.SendAsync(Messages.JournalLost(store.Location, problem, lostSince.Value), stoppingToken);
            }
            else if (problem is null && lostSince is { } since)
            {
                lostSince = null;
                LogBack(logger, store.Location);
                await runtime.Fanout.SendAsync(Messages.JournalBack(store.Location, since, time.GetUtcNow()), stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Critical, Message = "The incident journal {Path} is lost: {Problem}. Watchdog acts on nothing until it is sound again")]
    private static partial void LogLost(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "The incident journal {Path} is sound again")]
    private static partial void LogBack(ILogger logger, string path);
}
