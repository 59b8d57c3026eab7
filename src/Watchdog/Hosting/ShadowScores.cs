using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>
/// Keeps the shadow record of every configured service fresh for /api/rules, /metrics and the status page: the
/// journal is read once a minute (not on every scrape), and while it cannot be read the last report stands.
/// </summary>
public sealed partial class ShadowScores(IIncidentStore store, ILedger ledger, StoreHealth health, WatchdogSettings settings, TimeProvider time, ILogger<ShadowScores> logger)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    private volatile ShadowReport _report = ShadowReport.Empty;

    /// <summary>The newest report; <see cref="ShadowReport.Empty"/> until the journal was first read.</summary>
    public ShadowReport Report => _report;

    /// <summary>Reads the journal now (the first time, and once a minute after).</summary>
    public async Task RefreshAsync(CancellationToken ct) =>
        _report = await ShadowReport.ReadAsync(store, ledger, [.. settings.Services.Select(s => s.Name)], time.GetUtcNow(), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (health.Ready && health.Up)
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogUnread(logger, e);
                }
            }

            await Task.Delay(Every, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shadow record could not read the journal; the last report stands")]
    private static partial void LogUnread(ILogger logger, Exception exception);
}
