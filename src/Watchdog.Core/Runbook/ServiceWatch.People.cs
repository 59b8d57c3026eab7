using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>What people ask of an open incident, taken between ticks and carried out by the executor.</summary>
public sealed partial class ServiceWatch
{
    /// <summary>What a person's request came to.</summary>
    public enum Answer { Done, NoSuchIncident, NotNow }

    /// <summary>Why a person's request waits while the journal cannot be used (it may not even hold the open incident yet).</summary>
    public const string JournalClosed = "the journal cannot be used now: nothing is acted on until it answers again";

    /// <summary>A person approves the decided action of an incident that waits in AwaitingApproval.</summary>
    public Task<(Answer, string)> ApproveAsync(string incidentId, string by, CancellationToken ct) =>
        WithAwaitingAsync(incidentId, incident => HereOrPassedAsync(new PassedRequest("approve", incidentId, by), async () =>
        {
            if (await _executor.ApproveAsync(incident, by, ct)) Start(incident);
            return (Answer.Done, $"approved by {by}: {incident.Decision?.Action} under way");
        }, ct), ct);

    /// <summary>A person vetoes: nothing is done, the incident is watched until it is healthy again.</summary>
    public Task<(Answer, string)> VetoAsync(string incidentId, string by, CancellationToken ct) =>
        WithAwaitingAsync(incidentId, incident => HereOrPassedAsync(new PassedRequest("veto", incidentId, by), async () =>
        {
            await _executor.VetoAsync(incident, by);
            return (Answer.Done, $"vetoed by {by}");
        }, ct), ct);

    /// <summary>
    /// A person's rollback: an incident of its own, decided by them and journaled like any other, through the same
    /// runbook (target checks, verification, messages) and the same mode (a dry run stays a dry run). Not while an
    /// incident is open or a drill holds the service: that one is answered first.
    /// </summary>
    /// <param name="to">The deployment (id or version) to roll back to; null lets Watchdog choose as it would.</param>
    public Task<(Answer, string)> RollBackAsync(string by, string? to, CancellationToken ct) => Locked(async () =>
    {
        if (!_journal.IsOpen) return (Answer.NotNow, JournalClosed);
        if (_drilling) return (Answer.NotNow, "a drill of this service is under way");
        if (_incident is { IsOpen: true } open) return (Answer.NotNow, $"incident {open.Id} is open ({open.State}): approve, veto or let it end first");
        return await HereOrPassedAsync(new PassedRequest("rollback", By: by, To: to), () => OpenRollbackAsync(by, to, ct), ct);
    }, ct);

    private async Task<(Answer, string)> OpenRollbackAsync(string by, string? to, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var trigger = new Trigger("manual:rollback", Core.Rules.Meaning.CoreBroken, $"rollback requested by {by}", now, now);
        var decision = new Decision(RunbookAction.Rollback, $"requested by {by}", trigger) { Target = to };
        _incident = await _executor.OpenAsync([trigger], decision, Evidence());
        await GateAsync(_incident, Decisions.Authority.Approved, ct);
        return (Answer.Done, $"incident {_incident.Id}: rollback requested by {by}{(to is null ? "" : $" to {to}")}");
    }

    /// <summary>A person asks for the database restore: a backup first, then the restore, then the migration resolve (never automatic).</summary>
    public Task<(Answer, string)> RestoreDatabaseAsync(string incidentId, string by, CancellationToken ct) =>
        WithIncidentAsync(incidentId, incident => HereOrPassedAsync(new PassedRequest("restore", incidentId, by), async () =>
        {
            var outcome = await _executor.RestoreDatabaseAsync(incident, by, ct);
            return (outcome.Ok ? Answer.Done : Answer.NotNow, outcome.Detail);
        }, ct), ct);

    private Task<(Answer, string)> WithAwaitingAsync(string incidentId, Func<Incident, Task<(Answer, string)>> act, CancellationToken ct) =>
        WithIncidentAsync(incidentId, incident => incident.State == IncidentState.AwaitingApproval
            ? act(incident)
            : Task.FromResult((Answer.NotNow, $"incident is {incident.State}, not awaiting approval")), ct);

    private Task<(Answer, string)> WithIncidentAsync(string incidentId, Func<Incident, Task<(Answer, string)>> act, CancellationToken ct) => Locked(() =>
        !_journal.IsOpen ? Task.FromResult((Answer.NotNow, JournalClosed))
        : _incident is not { IsOpen: true } incident || incident.Id != incidentId
            ? Task.FromResult((Answer.NoSuchIncident, $"{incidentId} is not the open incident of {Service}"))
            : !_running.IsCompleted
                ? Task.FromResult((Answer.NotNow, "the runbook is under way; try again when it has finished its step"))
                : act(incident), ct);
}
