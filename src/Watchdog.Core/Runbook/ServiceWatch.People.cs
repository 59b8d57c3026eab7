using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>What people ask of an open incident, taken between ticks and carried out by the executor.</summary>
public sealed partial class ServiceWatch
{
    /// <summary>What a person's request came to.</summary>
    public enum Answer { Done, NoSuchIncident, NotNow }

    /// <summary>A person approves the decided action of an incident that waits in AwaitingApproval.</summary>
    public Task<(Answer, string)> ApproveAsync(string incidentId, string by, CancellationToken ct) =>
        WithAwaitingAsync(incidentId, async incident =>
        {
            if (await _executor.ApproveAsync(incident, by, ct)) Start(incident);
            return (Answer.Done, $"approved by {by}: {incident.Decision?.Action} under way");
        }, ct);

    /// <summary>A person vetoes: nothing is done, the incident is watched until it is healthy again.</summary>
    public Task<(Answer, string)> VetoAsync(string incidentId, string by, CancellationToken ct) =>
        WithAwaitingAsync(incidentId, async incident =>
        {
            await _executor.VetoAsync(incident, by);
            return (Answer.Done, $"vetoed by {by}");
        }, ct);

    /// <summary>A person asks for the database restore: a backup first, then the restore (never automatic).</summary>
    public Task<(Answer, string)> RestoreDatabaseAsync(string incidentId, string by, CancellationToken ct) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            var outcome = await _executor.RestoreDatabaseAsync(incident, by, ct);
            return (outcome.Ok ? Answer.Done : Answer.NotNow, outcome.Detail);
        }, ct);

    private Task<(Answer, string)> WithAwaitingAsync(string incidentId, Func<Incident, Task<(Answer, string)>> act, CancellationToken ct) =>
        WithIncidentAsync(incidentId, incident => incident.State == IncidentState.AwaitingApproval
            ? act(incident)
            : Task.FromResult((Answer.NotNow, $"incident is {incident.State}, not awaiting approval")), ct);

    private Task<(Answer, string)> WithIncidentAsync(string incidentId, Func<Incident, Task<(Answer, string)>> act, CancellationToken ct) => Locked(() =>
        _incident is not { IsOpen: true } incident || incident.Id != incidentId
            ? Task.FromResult((Answer.NoSuchIncident, $"{incidentId} is not the open incident of {Service}"))
            : !_running.IsCompleted
                ? Task.FromResult((Answer.NotNow, "the runbook is under way; try again when it has finished its step"))
                : act(incident), ct);
}
