using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;

namespace Watchdog.Hosting;

/// <summary>
/// Tells the incident's story on the console: every timeline line the journal takes — detected, decided, each
/// state, each step's outcome, escalated, resolved — becomes one structured log event, with the incident, the
/// service, the rule, the measured value and the versions as properties. It sits on the journal because every
/// change to an incident goes through it; lines an incident already had when it was read back are not told again.
/// </summary>
public sealed partial class IncidentStoryLog(IIncidentStore inner, ILogger<IncidentStoryLog> logger) : IIncidentStore
{
    private readonly ConcurrentDictionary<string, int> _told = new(StringComparer.Ordinal);

    /// <summary>How many incidents it keeps a count for: the open ones and those whose ending was cut short.</summary>
    internal int Remembered => _told.Count;

    public async Task SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        await inner.SaveAsync(incident, cancellationToken);
        var from = _told.GetOrAdd(incident.Id, 0);
        var timeline = incident.Timeline;
        if (timeline.Count <= from) return;
        _told[incident.Id] = timeline.Count;
        for (var i = from; i < timeline.Count; i++) Tell(incident, timeline[i]);
        // An ended incident gets no more lines (unless an ending was cut short): forgotten, so the map stays the open ones.
        if (Done(incident)) _told.TryRemove(incident.Id, out _);
    }

    private static bool Done(Incident i) => IncidentTransitions.IsFinal(i.State) && !Core.Runbook.RunbookExecutor.MaintenanceLeftOn(i);

    private void Tell(Incident incident, TimelineEvent e)
    {
        // What is said while people own the incident (escalated, failed) is for them: a warning.
        var level = incident.State is IncidentState.Escalated or IncidentState.Failed ? LogLevel.Warning : LogLevel.Information;
        // The move into Failed or Escalated is a runbook that did not do its job: an error, which Sentry (when set) reports.
        if (e.Kind == TimelineKind.State && incident.State is IncidentState.Escalated or IncidentState.Failed && e.Message.StartsWith($"{incident.State}:", StringComparison.Ordinal))
            LogRunbookFailed(logger, incident.Id, incident.Service, incident.State, e.Message);
        if (!logger.IsEnabled(level)) return;
        var t = incident.Trigger;
        var kind = e.Kind.Text();
        var measured = t is { Value: { } v, Signal: { } signal } ? SignalFormat.Value(signal, v) : "n/a";
        LogStory(logger, level, incident.Id, incident.Service, t.Source, measured, incident.FromVersion ?? "?", incident.ToVersion ?? "?", kind, e.Message);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Runbook for incident {IncidentId} of {Service} ended {State}: {Line}")]
    private static partial void LogRunbookFailed(ILogger logger, string incidentId, string service, IncidentState state, string line);

    [LoggerMessage(EventId = 4100, Message = "Incident {IncidentId} of {Service} ({Rule} measured {Measured}; {FromVersion} → {ToVersion}): [{Kind}] {Line}")]
    private static partial void LogStory(ILogger logger, LogLevel level, string incidentId, string service, string rule, string measured,
        string fromVersion, string toVersion, string kind, string line);

    private IReadOnlyList<Incident> Known(IReadOnlyList<Incident> read)
    {
        foreach (var i in read) Known(i);
        return read;
    }

    private Incident? Known(Incident? read)
    {
        // History the status page lists is not remembered: only what may still get lines.
        if (read is not null && !Done(read)) _told.AddOrUpdate(read.Id, read.Timeline.Count, (_, told) => Math.Max(told, read.Timeline.Count));
        return read;
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) => Known(await inner.GetAsync(id, cancellationToken));

    public async Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken) => Known(await inner.ListAsync(limit, cancellationToken));

    public async Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken) => Known(await inner.ListOpenAsync(cancellationToken));

    public Task<IReadOnlyList<DateTimeOffset>> AutomaticRollbacksSinceAsync(string service, DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.AutomaticRollbacksSinceAsync(service, since, cancellationToken);

    public Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.QuarantineAsync(service, version, deploymentId, incidentId, at, cancellationToken);

    public Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken cancellationToken) => inner.QuarantinedAsync(service, cancellationToken);
}
