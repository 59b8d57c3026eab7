using System.Diagnostics;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// What runs beside the rollback rather than before it: the announcement, the evidence (the live deployment's logs, the
/// migration status) and the maintenance page. Each is a journaled step whose started record goes into the save that
/// starts the rollback step, so one write stands between the decision and the provider's call. Each starts right after
/// that save, before the rollback is asked for (evidence from the bad release's pods is taken while they still run),
/// and is joined, its outcome journaled, once the provider has answered the request — before Watchdog waits for the
/// target to go live, so the journal and the messages keep their order — or when the incident ends first.
/// </summary>
public sealed partial class RunbookExecutor
{
    private sealed record Alongside(Begun Step, Func<Task<StepOutcome>> Work, CancellationToken Ct)
    {
        public Task<StepOutcome>? Running { get; set; }
    }

    private readonly List<Alongside> _alongside = [];

    /// <summary>Whether this pass owes the database phase's offer once the rollback has been asked for (seed 000 phase 4).</summary>
    private bool _offerDue;

    /// <summary>The rollback phase's company: begun now, started by the next save.</summary>
    private async Task BeginAlongsideAsync(Incident incident, Decision decision, CancellationToken ct)
    {
        var eta = restoreTimes is null ? null : await restoreTimes.EtaAsync(ct);
        BeginAlongside(incident, "announce", _ => SendAsync(incident, Messages.RollbackInProgress(incident, eta), ct), ct);
        if (runbook.Provider is IProviderLogs logs) BeginAlongside(incident, EvidenceLogsStep, _ => ReadLogsAsync(logs, ct), ct);
        // Seed 1, step 1.3: only when the service is completely unusable, show users a maintenance page.
        if (incident.Trigger.Meaning == Rules.Meaning.ServiceDown) BeginMaintenance(incident, decision, ct);
        if (decision.Action != RunbookAction.Rollback || incident.Drill) return;
        _offerDue = true;
        if (runbook.DatabaseStatus is { } status) BeginAlongside(incident, DatabaseStatusStep, resumed => Once(resumed, () => ReadStatusAsync(status, ct)), ct);
    }

    /// <summary>Begins a step to run beside the next one, unless the journal shows it done or it is under way.</summary>
    private void BeginAlongside(Incident incident, string key, Func<bool, Task<StepOutcome>> work, CancellationToken ct)
    {
        key = Scoped(incident, key);
        var prior = incident.Step(key);
        if (prior is { Status: not StepStatus.Started } || _alongside.Any(a => a.Step.Key == key)) return;
        var current = Activity.Current;
        var begun = Begin(incident, key, prior);
        Activity.Current = current; // its span sits beside the rollback's, not above it
        _alongside.Add(new Alongside(begun, () => work(prior is not null), ct));
    }

    /// <summary>
    /// After a save: starts what was begun beside the runbook. Each runs here up to its first wait (a request sent, a
    /// process spawned), so it has started before the rollback is asked for, and goes on while the rollback does.
    /// </summary>
    private void LaunchAlongside()
    {
        foreach (var a in _alongside)
            a.Running ??= RunGuardedAsync(a.Work, a.Ct);
    }

    /// <summary>
    /// Waits for what runs beside the runbook and journals how each went (starting, after a save, what has not started),
    /// then makes the database phase's offer when it is owed.
    /// </summary>
    private async Task SettleAlongsideAsync(Incident incident, CancellationToken ct)
    {
        if (_alongside.Count > 0)
        {
            if (_alongside.Any(a => a.Running is null)) await SaveAsync(incident);
            foreach (var a in _alongside) Finish(incident, a.Step, await a.Running!);
            _alongside.Clear();
            await SaveAsync(incident);
        }

        if (!_offerDue) return;
        _offerDue = false;
        await OfferDatabaseRestoreAsync(incident, ct);
    }

    /// <summary>A pass interrupted by an exception leaves what it began to the journal: the next pass begins it again.</summary>
    private void ForgetAlongside()
    {
        _alongside.Clear();
        _offerDue = false;
    }
}
