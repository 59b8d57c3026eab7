using Microsoft.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Incidents;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>
/// Starts drills: on their schedule, when a person asks, and to finish one a restart cut short. Each runs holding its
/// service (<see cref="ServiceWatch.DrillAsync{T}"/>), so the service's own watch neither ticks nor acts on pushed alerts meanwhile.
/// Only services named under <c>Watchdog:Drills</c> are drilled on request; any watched service's open drill is resumed.
/// </summary>
public sealed partial class DrillCoordinator(
    IReadOnlyDictionary<string, ServiceWatch> watches, IReadOnlyList<DrillRunner> runners, IReadOnlyList<DrillSettings> configured, ILogger logger) : IDisposable
{
    private readonly Dictionary<string, DrillRunner> _runners = runners.ToDictionary(r => r.Service, StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly List<Task> _background = [];

    /// <summary>The drill configured for <paramref name="service"/> (the first, if it has several schedules); null when none is.</summary>
    public DrillSettings? Configured(string service) =>
        configured.FirstOrDefault(d => d.Service.Equals(service, StringComparison.OrdinalIgnoreCase));

    /// <summary>Drills started in the background (on request, or resumed) that have not finished; shutdown waits on them.</summary>
    public Task Running
    {
        get
        {
            lock (_lock) return Task.WhenAll(_background.Where(t => !t.IsCompleted));
        }
    }

    /// <summary>Runs a drill of <paramref name="service"/> now, holding the service until it ends.</summary>
    /// <param name="opened">Called once the drill's incident is journaled.</param>
    public async Task<DrillReport> RunAsync(string service, DrillRequest request, Action<Incident>? opened, CancellationToken ct)
    {
        var watch = watches[service];
        var runner = _runners[service];
        LogStarting(logger, runner.Service, request.By);
        var report = await watch.DrillAsync(() => runner.RunAsync(request with { OpenIncidentId = watch.OpenIncidentId }, opened, ct), ct)
            ?? new DrillReport(DrillOutcome.Skipped, runner.Service, null, $"DRILL SKIPPED: a drill of {runner.Service} is already under way");
        Log(report);
        return report;
    }

    /// <summary>Like <see cref="RunAsync"/>, in the background; <see cref="Running"/> includes it until it ends.</summary>
    public Task<DrillReport> Start(string service, DrillRequest request, Action<Incident>? opened, CancellationToken stopping) =>
        Track(Task.Run(() => Logged(service, () => RunAsync(service, request, opened, stopping), stopping), CancellationToken.None));

    /// <summary>Carries on, in the background, with a drill the journal shows open.</summary>
    public Task<DrillReport?> Resume(Incident drill, CancellationToken stopping)
    {
        var watch = watches[drill.Service];
        var runner = _runners[drill.Service];
        LogResuming(logger, drill.Id, drill.Service, drill.State);
        // Taken here, before start-up goes on to schedule the first tick; the drill itself runs off this thread.
        var held = watch.DrillAsync(async () =>
        {
            await Task.Yield();
            return await runner.ResumeAsync(drill, stopping);
        }, stopping);
        return Track(Logged(drill.Service, async () =>
        {
            var report = await held;
            if (report is not null) Log(report);
            return report;
        }, stopping));
    }

    /// <summary>Nobody awaits a background drill but shutdown: what stops it short is logged here. The journal keeps it open, to be resumed.</summary>
    private async Task<T> Logged<T>(string service, Func<Task<T>> run, CancellationToken stopping)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            LogCrashed(logger, e, service);
            throw;
        }
    }

    private Task<T> Track<T>(Task<T> task)
    {
        lock (_lock)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }

        return task;
    }

    private void Log(DrillReport report)
    {
        if (report.Outcome == DrillOutcome.Failed) LogFailed(logger, report.Service, report.IncidentId, report.Summary);
        else LogFinished(logger, report.Service, report.IncidentId, report.Summary);
    }

    public void Dispose()
    {
        foreach (var runner in _runners.Values) runner.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Drill of {Service} stopped short; it stays open in the journal and is resumed at the next start")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill of {Service} requested by {By}")]
    private static partial void LogStarting(ILogger logger, string service, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming drill {IncidentId} of {Service} in state {State}")]
    private static partial void LogResuming(ILogger logger, string incidentId, string service, IncidentState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill of {Service} ({IncidentId}): {Summary}")]
    private static partial void LogFinished(ILogger logger, string service, string? incidentId, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drill of {Service} ({IncidentId}): {Summary}")]
    private static partial void LogFailed(ILogger logger, string service, string? incidentId, string summary);
}
