using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Metrics;

namespace Watchdog.Hosting;

/// <summary>
/// Opens the journal and takes this instance's leases before the first poll; taking a service's lease hands its open
/// incident back to it (<see cref="LeaseKeeper"/>), so a restart carries on with an incident instead of opening a new one
/// or repeating a rollback.
/// </summary>
public sealed partial class RuntimeStarter(
    WatchdogRuntime runtime, IIncidentStore store, IJournalInitializer journal, IncidentMetrics metrics, LeaseKeeper leases,
    ILogger<RuntimeStarter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await journal.InitializeAsync(cancellationToken);
        // Before anything is saved: the incident counters carry on from the journal instead of restarting at 0.
        await metrics.CountJournalAsync(store, cancellationToken);
        foreach (var incident in await store.ListOpenAsync(cancellationToken))
        {
            if (runtime.Find(incident.Service) is null) LogOrphan(logger, incident.Id, incident.Service);
            else LogOpen(logger, incident.Id, incident.Service, incident.State);
        }

        await leases.RoundAsync(cancellationToken);
        runtime.Ready = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.Ready = false;
        // Runbooks stop at their next step boundary; the journal lets the next start resume them.
        await Task.WhenAll(runtime.Watches.Select(w => w.Running).Append(runtime.Drills.Running)).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId} is open for {Service}, which is no longer configured; leaving it as it is")]
    private static partial void LogOrphan(ILogger logger, string incidentId, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} of {Service} is open in state {State}: the instance that holds the service carries on with it")]
    private static partial void LogOpen(ILogger logger, string incidentId, string service, Core.Incidents.IncidentState state);
}

/// <summary>Prepares the journal (schema, migrations) before anything reads it.</summary>
public interface IJournalInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
