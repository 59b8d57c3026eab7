using Microsoft.Extensions.Hosting;
using Watchdog.Configuration;
using Watchdog.Integrations.Storage;

namespace Watchdog.Hosting;

/// <summary>
/// Once start-up has opened the journal, checks it as often as the fastest service is polled and tells
/// <see cref="StoreHealth"/> what it found: while it is lost, unreachable or cannot be written, /readyz fails, decisions
/// wait, and people are told once; and again once it is sound. Meanwhile the journal refuses every write.
/// </summary>
public sealed class JournalWatch(JournalStore store, StoreHealth health, WatchdogSettings settings, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = settings.Services.Select(s => s.PollInterval).Append(TimeSpan.FromSeconds(10)).Min();
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(every, time, stoppingToken);
            if (!health.Ready) continue; // start-up owns the journal until it has opened it, and says how each attempt went
            string? problem;
            try
            {
                problem = await store.CheckAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                problem = e.Message;
            }

            await health.ReportAsync(problem, stoppingToken);
        }
    }
}
