using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Storage;
using Watchdog.Metrics;

namespace Watchdog.Hosting;

/// <summary>
/// Opens the journal and takes this instance's leases before anything is decided; taking a service's lease hands its
/// open incident back to it (<see cref="LeaseKeeper"/>), so a restart carries on with an incident instead of opening a new
/// one or repeating a rollback. A journal that cannot be reached (PostgreSQL down) does not stop start-up: the host serves
/// /healthz, /readyz (503) and /metrics, the services are watched, and the journal is tried again with backoff
/// (<see cref="JournalRetry"/>) until it answers; then start-up finishes and decisions resume. Any other failure to open
/// it (a refused password, a newer schema) stops start-up, naming it.
/// </summary>
public sealed partial class RuntimeStarter(
    WatchdogRuntime runtime, IIncidentStore store, IJournalInitializer journal, IncidentMetrics metrics, LeaseKeeper leases,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<RuntimeStarter> logger) : IHostedService
{
    private Task _waiting = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Bounded by the connection's own timeout (Npgsql's Timeout, 15 s unless the connection string says otherwise).
            await ResumeAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && !runtime.Ready && StoreFaults.Unreachable(e))
        {
            Wait(e);
        }
    }

    private void Wait(Exception fault)
    {
        LogWaiting(logger, runtime.Journal.Location, Problem(fault));
        _waiting = WaitForJournalAsync(fault, lifetime.ApplicationStopping);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.Ready = false;
        // Runbooks stop at their next step boundary; the journal lets the next start resume them.
        await Task.WhenAll(runtime.Watches.Select(w => w.Running).Append(runtime.Drills.Running).Append(_waiting))
            .WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WaitForJournalAsync(Exception first, CancellationToken stopping)
    {
        await Task.Yield(); // start-up goes on: the host listens while this waits
        try
        {
            await runtime.Journal.ReportAsync(Problem(first), stopping);
            var retry = JournalRetry.Build(time, async (e, wait, attempt) =>
            {
                LogRetrying(logger, runtime.Journal.Location, attempt, wait, Problem(e));
                await runtime.Journal.ReportAsync(Problem(e), stopping);
            });
            // The first attempt was the one StartAsync made.
            await retry.ExecuteAsync(async ct => await ResumeAsync(ct), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopped before the journal answered
        }
        catch (Exception e)
        {
            LogCannotStart(logger, e, runtime.Journal.Location);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    /// <summary>Opens the journal, counts what it holds, takes the leases (and with them the open incidents); safe to repeat after a failed attempt.</summary>
    private async Task ResumeAsync(CancellationToken cancellationToken)
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
        await runtime.Journal.ReportAsync(null, lifetime.ApplicationStopping);
    }

    private string Problem(Exception e) => e is IncidentJournalException ? e.Message : $"{runtime.Journal.Location} cannot be used: {e.Message}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId} is open for {Service}, which is no longer configured; leaving it as it is")]
    private static partial void LogOrphan(ILogger logger, string incidentId, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} of {Service} is open in state {State}: the instance that holds the service carries on with it")]
    private static partial void LogOpen(ILogger logger, string incidentId, string service, Core.Incidents.IncidentState state);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "The incident journal {Path} cannot be reached at start: {Problem}. Watchdog starts, watches and decides nothing until it answers")]
    private static partial void LogWaiting(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "The incident journal {Path} still cannot be reached (attempt {Attempt}); trying again in {Wait}: {Problem}")]
    private static partial void LogRetrying(ILogger logger, string path, int attempt, TimeSpan wait, string problem);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Critical, Message = "The incident journal {Path} answered but cannot be used; Watchdog stops")]
    private static partial void LogCannotStart(ILogger logger, Exception exception, string path);
}

/// <summary>Prepares the journal (schema, migrations) before anything reads it.</summary>
public interface IJournalInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
