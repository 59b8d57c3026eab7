using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Core.Channels;

namespace Watchdog.Core.Runbook;

/// <summary>
/// One service's loop, and nothing more: the intake reads the sources, the release watch knows what is live,
/// the rules judge, the lifecycle names the next command, and the executor — the only actor — carries it out.
/// One tick, push or person at a time; while the executor runs a runbook, the loop only watches.
/// </summary>
public sealed partial class ServiceWatch : IDisposable
{
    private readonly ServiceRunbook _runbook;
    private readonly RuleSet _rules;
    private readonly SignalIntake _intake;
    private readonly ReleaseWatch _release;
    private readonly RaisedAlerts _alerts;
    private readonly RunbookExecutor _executor;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Incident? _incident;
    private Task _running = Task.CompletedTask;
    private readonly IIncidentStore _store;
    private volatile bool _resync;
    private readonly ILedger? _ledger;
    private readonly ComponentWatch? _parts;
    private readonly IJournalGate _journal;
    private readonly Redactor _redactor;
    private readonly ChangePoll _changePoll;

    /// <param name="ledger">Where measured baselines outlive a restart; without one they are measured again after it.</param>
    /// <param name="journal">Whether the journal can be used now; while it cannot, the watch judges but decides nothing.</param>
    public ServiceWatch(ServiceRunbook runbook, RuleSet rules, IEnumerable<ISignalSource> sources, IIncidentStore store,
        NotifierFanout notifier, Redactor redactor, TimeProvider time, CancellationToken stopping, ILedger? ledger = null, IActionLinks? links = null,
        IJournalGate? journal = null)
    {
        _journal = journal ?? OpenJournalGate.Instance;
        _redactor = redactor;
        _runbook = runbook;
        _rules = rules;
        _time = time;
        _stopping = stopping;
        _store = store;
        _ledger = ledger;
        _intake = new SignalIntake([.. sources], runbook.Settings.BlindAfter, runbook.Settings.PollInterval, time, ledger);
        _release = new ReleaseWatch(runbook, rules.Baselines, store, ledger, time);
        _alerts = new RaisedAlerts(runbook.Settings.PushedAlertTtl);
        _history = new ReadingHistory(rules.Rules, HistoryTicks);
        _inbox = ledger is null ? null : new ServiceInbox(ledger, runbook.Service, time);
        _changePoll = new ChangePoll(runbook, ledger, time);
        _parts = runbook.HasComponents ? new ComponentWatch(runbook, _release, store, ledger, time) : null;
        _executor = new RunbookExecutor(runbook, store, notifier, redactor, time, links, new RuleRecheck(_intake, rules.Rules, time), _release,
            new RestoreTimes(runbook.Service, ledger), _parts, runbook.Settings.Autonomy.Count == 0 ? null : new AutonomyBook(runbook.Service, runbook.Settings, store, ledger, time));
    }

    /// <summary>Takes back an incident the journal shows open, and carries on with it.</summary>
    public void Adopt(Incident incident)
    {
        _incident = incident;
        // An ended incident is taken up again only to undo a maintenance mode its interrupted ending left on.
        var ended = IncidentTransitions.IsFinal(incident.State) || incident.State is IncidentState.Monitoring or IncidentState.AwaitingApproval;
        if (!ended || RunbookExecutor.MaintenanceLeftOn(incident)) Start(incident);
    }

    /// <summary>One polling tick: read every source, look at what is live, judge, act. False when a drill or another instance holds the service.</summary>
    /// <param name="scheduled">When the scheduler meant the tick to run: the rules judge at that time, so a breach lasts its
    /// <c>For</c> at the tick scheduled <c>For</c> after the first, not one tick later for a probe that answered a little late.</param>
    public async Task<bool> TickAsync(CancellationToken ct, DateTimeOffset? scheduled = null)
    {
        var at = TickTime(scheduled);
        // Without the journal the watch still reads and judges, whoever held the service (nobody can say), and what it
        // would read or write there waits for it.
        var journaled = _journal.IsOpen;
        if (_drilling || (journaled && Fence is { Watches: false })) return false;
        if (journaled) await _release.LoadAsync(ct);
        var (readings, sight) = await _intake.ReadAsync(Service, _runbook.Settings.PollInterval, ct, journaled);
        await TellSightAsync(sight, ct);
        if (journaled && _running.IsCompleted && await _release.CheckAsync(ct) is { } back) await _executor.AnnounceAsync(back, ct);
        if (journaled && _running.IsCompleted && _incident?.IsOpen != true && Verdicts.Any(v => v.Status is RuleStatus.Pending or RuleStatus.Firing))
            await _release.PlanAheadAsync(ct);
        // What changed at the flag service and the platform, looked for beside the tick (never holding it up).
        if (journaled) _changePoll.Start(RecordPolledAsync, _stopping);
        if (journaled && _running.IsCompleted && _parts is not null)
            foreach (var alarm in await _parts.CheckAsync(ct)) await _executor.AnnounceAsync(alarm, ct);
        return await ObserveAsync(readings, ct, at);
    }

    /// <summary>
    /// The schedule's time when it is plausible on this clock (within a polling interval of it), else the tick's start:
    /// a probe's own latency never shifts the rules' time.
    /// </summary>
    private DateTimeOffset TickTime(DateTimeOffset? scheduled)
    {
        var now = _time.GetUtcNow();
        return scheduled is { } s && (now - s).Duration() < _runbook.Settings.PollInterval ? s : now;
    }

    /// <summary>Judges one tick's readings and acts on what fires.</summary>
    /// <param name="at">The tick's time; now when not given.</param>
    public Task<bool> ObserveAsync(IReadOnlyList<Reading> readings, CancellationToken ct, DateTimeOffset? at = null) => Locked(async () =>
    {
        if (_drilling) return false;
        var now = at ?? _time.GetUtcNow();
        var verdicts = _rules.Evaluate(readings, now);
        _rules.Baselines.Observe(readings, verdicts, _incident?.IsOpen == true, now);
        Readings = readings;
        Verdicts = verdicts.ToArray();
        _history.Add(Verdicts);
        var stable = _incident?.IsOpen != true && _alerts.Count == 0 && Health.AllClear(Verdicts);
        _release.ObserveHealth(stable);
        if (_parts is not null && _journal.IsOpen) await _parts.ObserveAsync(stable, ct);
        await StepAsync(ct);
        return true;
    }, ct);

    private async Task StepAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var firing = Verdicts.Where(v => v.IsFiring).Select(v => Trigger.From(v)).Concat(_alerts.Triggers(now)).ToList();
        if (!_running.IsCompleted) return; // the executor owns the incident until its runbook ends
        // Decisions wait for the journal: nothing opens or acts unsaved, and what still fires once it answers opens one incident.
        if (!_journal.IsOpen) return;
        await FlushDeployNotesAsync();

        var healthy = _alerts.Count == 0 && Health.AllClear(Verdicts);
        var command = IncidentLifecycle.Next(_incident, firing, healthy, now, _runbook.Settings.Lifecycle);
        switch (command.Move)
        {
            case Move.None:
                return;
            case Move.Open:
                // Journaled by the gate's next save, the rollback's own started record when it acts at once.
                var (decision, suspects) = await OnSuspectsAsync(command.Decision!, firing, ct);
                _incident = _executor.Open(firing, decision, Evidence());
                _incident.Record(now, TimelineKind.Suspects, _redactor.Redact(suspects));
                await GateAsync(_incident, Authority.None, ct);
                return;
            case Move.Redecide:
                // Worse while watched, nothing done yet: the top suspect counts as at the open. After a disable, the rollback it falls to stands.
                var redecided = _incident!.RollbackStartedAt is null ? (await OnSuspectsAsync(command.Decision!, [_incident.Trigger], ct)).Decision : command.Decision!;
                _executor.Decide(_incident!, redecided);
                await GateAsync(_incident!, Authority.None, ct);
                return;
            case Move.ActUnvetoed:
                await GateAsync(_incident!, Authority.Unvetoed, ct);
                return;
            case Move.Resume:
                Start(_incident!);
                return;
            default:
                await _executor.ApplyAsync(_incident!, command, Readings, ct);
                // An ending decides what the alarm was: an earned autonomy may move now rather than at the next alarm.
                if (!_incident!.IsOpen || IncidentTransitions.IsFinal(_incident.State)) await _executor.ReviewAutonomyAsync(_incident, ct);
                return;
        }
    }

    private string Evidence() => IncidentEvidence.Describe(Readings, Verdicts, PushedAlerts, Live);

    public void Dispose()
    {
        _gate.Dispose();
        _intake.Dispose();
    }
}
