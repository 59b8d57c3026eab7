using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>
/// One service's path from readings to action: rules judge the readings, the policy decides on
/// what fires, and the executor acts. It holds at most one open incident per service, so a breach
/// that goes on never opens a second incident, and an incident that was acted on never rolls back
/// again: regression after a rollback goes to people.
/// </summary>
public sealed class ServiceWatch : IDisposable
{
    private readonly ServiceRunbook _runbook;
    private readonly RuleSet _rules;
    private readonly ISignalSource[] _sources;
    private readonly IIncidentStore _store;
    private readonly NotifierFanout _notifier;
    private readonly RunbookExecutor _executor;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SourceSight _sight;
    private readonly Dictionary<string, (PushedAlert Alert, DateTimeOffset ReceivedAt)> _pushed = new(StringComparer.Ordinal);
    private Incident? _incident;
    private Task _running = Task.CompletedTask;
    private DateTimeOffset? _liveCheckedAt, _liveLookedAt;
    private const int LookEveryWhenIdle = 10;
    private string? _quarantineAlerted;
    private DateTimeOffset? _lastUpdate;
    private readonly ILedger? _ledger;
    private readonly IActionLinks _links;
    private bool _baselinesLoaded;

    /// <param name="ledger">Where measured baselines outlive a restart; without one they are measured again after it.</param>
    public ServiceWatch(ServiceRunbook runbook, RuleSet rules, IEnumerable<ISignalSource> sources, IIncidentStore store,
        NotifierFanout notifier, Redactor redactor, TimeProvider time, CancellationToken stopping, ILedger? ledger = null, IActionLinks? links = null)
    {
        _ledger = ledger;
        _links = links ?? NoActionLinks.Instance;
        _runbook = runbook;
        _rules = rules;
        _sources = [.. sources];
        _store = store;
        _notifier = notifier;
        _time = time;
        _stopping = stopping;
        _executor = new RunbookExecutor(runbook, store, notifier, redactor, time);
        _sight = new SourceSight(runbook.Settings.BlindAfter);
    }

    public string Service => _runbook.Service;

    public IReadOnlyList<Rule> Rules => _rules.Rules;

    /// <summary>The latest verdict of each rule, for the status page and /metrics.</summary>
    public IReadOnlyList<Verdict> Verdicts { get; private set; } = [];

    /// <summary>The latest readings of every source.</summary>
    public IReadOnlyList<Reading> Readings { get; private set; } = [];

    /// <summary>The runbook under way, if any; tests and shutdown wait on it.</summary>
    public Task Running => _running;

    public string? OpenIncidentId => _incident?.IsOpen == true ? _incident.Id : null;

    /// <summary>How each source has been answering; blind ones are flagged.</summary>
    public IReadOnlyList<SourceState> Sources { get; private set; } = [];

    /// <summary>The deployment the provider last said was live (outside incidents, every <see cref="RunbookSettings.LiveCheckInterval"/>).</summary>
    public Deployment? Live { get; private set; }

    /// <summary>Pushed alerts firing now.</summary>
    public IReadOnlyList<PushedAlert> PushedAlerts { get; private set; } = [];

    /// <summary>
    /// Whether the rules show the service healthy. That needs evidence from every rule: one that cannot
    /// see (no data, source error, too few samples) keeps an incident open. Only a missing baseline is
    /// excused; it may never come.
    /// </summary>
    public static bool AllClear(IReadOnlyList<Verdict> verdicts) =>
        verdicts.Any(v => v.Status == RuleStatus.Inactive)
        && verdicts.All(v => v.Status == RuleStatus.Inactive || v is { Status: RuleStatus.Inconclusive, Why: Inconclusion.NoBaseline });

    /// <summary>What a person's request came to.</summary>
    public enum Answer
    {
        Done,
        NoSuchIncident,
        NotNow,
    }

    /// <summary>A person approves the decided action of an incident that waits in AwaitingApproval.</summary>
    public Task<(Answer, string)> ApproveAsync(string incidentId, string by, CancellationToken ct) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            if (incident.State != IncidentState.AwaitingApproval) return (Answer.NotNow, $"incident is {incident.State}, not awaiting approval");
            incident.Record(_time.GetUtcNow(), "approved", $"approved by {by}");
            await _store.SaveAsync(incident, ct);
            _running = Task.Run(() => AfterRunbookAsync(incident), _stopping);
            return (Answer.Done, $"approved by {by}: {incident.Decision?.Action} under way");
        }, ct);

    /// <summary>A person vetoes: nothing is done, the incident is watched until it is healthy again.</summary>
    public Task<(Answer, string)> VetoAsync(string incidentId, string by, CancellationToken ct) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            if (incident.State != IncidentState.AwaitingApproval) return (Answer.NotNow, $"incident is {incident.State}, not awaiting approval");
            incident.MoveTo(IncidentState.Monitoring, _time.GetUtcNow(), $"vetoed by {by}: no action; watching");
            await _store.SaveAsync(incident, ct);
            return (Answer.Done, $"vetoed by {by}");
        }, ct);

    /// <summary>A person asks for the database restore: a backup first, then the restore (never automatic).</summary>
    public Task<(Answer, string)> RestoreDatabaseAsync(string incidentId, string by, CancellationToken ct) =>
        WithIncidentAsync(incidentId, async incident =>
        {
            var outcome = await _executor.RestoreDatabaseAsync(incident, by, ct);
            await NotifyAsync(incident, outcome.Ok
                ? Messages.Alert(incident, $"database restored at the request of {by}: {outcome.Detail}")
                : Messages.Escalation(incident, $"database restore requested by {by} did not complete: {outcome.Detail}", "backup/restore commands ran as journaled"), ct);
            return (outcome.Ok ? Answer.Done : Answer.NotNow, outcome.Detail);
        }, ct);

    private async Task<(Answer, string)> WithIncidentAsync(string incidentId, Func<Incident, Task<(Answer, string)>> act, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_incident is not { IsOpen: true } incident || incident.Id != incidentId)
                return (Answer.NoSuchIncident, $"{incidentId} is not the open incident of {Service}");
            if (!_running.IsCompleted) return (Answer.NotNow, "the runbook is under way; try again when it has finished its step");
            return await act(incident);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes back an incident the journal shows open, and carries on with it.</summary>
    public void Adopt(Incident incident)
    {
        _incident = incident;
        if (!IncidentTransitions.IsFinal(incident.State) && incident.State is not (IncidentState.Monitoring or IncidentState.AwaitingApproval))
            _running = Task.Run(() => AfterRunbookAsync(incident), _stopping);
    }

    /// <summary>One polling tick: read every source, judge, act.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        await LoadBaselinesAsync(ct);
        var readings = new List<Reading>();
        var changes = new List<(SourceSight.Change Change, SourceState Before)>();
        foreach (var source in _sources)
        {
            IReadOnlyList<Reading> read;
            try
            {
                read = await source.ReadAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Sources should report failures as readings; one that throws is just as blind.
                read = [Reading.Error(Signal.Up, _time.GetUtcNow(), $"{source.Name} failed: {e.GetType().Name}") with { Source = source.Name }];
            }

            readings.AddRange(read);
            var before = _sight[source.Name];
            var change = _sight.Observe(source.Name, read, _time.GetUtcNow());
            if (change != SourceSight.Change.None) changes.Add((change, change == SourceSight.Change.WentBlind ? _sight[source.Name]! : before!));
        }

        Sources = [.. _sight.States];
        foreach (var (change, state) in changes)
        {
            await _notifier.SendAsync(change == SourceSight.Change.WentBlind
                ? Messages.Blind(Service, state, _runbook.Settings.PollInterval)
                : Messages.SeesAgain(Service, state, _time.GetUtcNow()), ct);
        }

        await CheckLiveAsync(ct);
        await ObserveAsync(readings, ct);
    }

    /// <summary>Asks the provider what is live, now and then, and raises the alarm if it is a quarantined release.</summary>
    private async Task CheckLiveAsync(CancellationToken ct)
    {
        var every = _runbook.Settings.LiveCheckInterval;
        var now = _time.GetUtcNow();
        if (every <= TimeSpan.Zero || !_running.IsCompleted || now - _liveCheckedAt < every) return;
        _liveCheckedAt = now;
        var bad = await _store.QuarantinedAsync(Service, ct);
        // Only a quarantined release's return and the baselines need the platform asked every interval; for
        // the status page alone every tenth is plenty (a command provider spawns a shell for each look).
        if (bad.Count == 0 && !_rules.Baselines.Measures && now - _liveLookedAt < every * LookEveryWhenIdle) return;
        _liveLookedAt = now;
        try
        {
            Live = await _runbook.Provider.GetLiveAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return; // the provider's own failures show in the runbook when it matters; a look is best effort
        }

        if (Live is not { } live) return;
        _rules.Baselines.Deployed(live, bad);
        await SaveBaselinesAsync(ct);
        if (!bad.Contains(live.Version) && !bad.Contains(live.Id))
        {
            _quarantineAlerted = null;
            return;
        }

        if (_quarantineAlerted == live.Id) return; // once per return, not every minute
        _quarantineAlerted = live.Id;
        await _notifier.SendAsync(Messages.QuarantinedRedeployed(Service, live, now), ct);
    }

    /// <summary>Judges one tick's readings and acts on what fires.</summary>
    public async Task ObserveAsync(IReadOnlyList<Reading> readings, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            Readings = readings;
            var verdicts = _rules.Evaluate(readings, _time.GetUtcNow());
            _rules.Baselines.Observe(readings, verdicts, _incident?.IsOpen == true, _time.GetUtcNow());
            Verdicts = verdicts.ToArray();
            await ActOnAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes an alert another system judged: a firing one trips at once, a resolved one withdraws
    /// the alert it resolves. It goes the same way as a firing rule: policy, budget, mode, runbook.
    /// </summary>
    public async Task RaiseAsync(PushedAlert alert, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var key = $"{alert.Source}:{alert.Key}";
            if (alert.Status == AlertStatus.Firing) _pushed[key] = (alert, _time.GetUtcNow());
            else _pushed.Remove(key);
            await ActOnAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ActOnAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var stale in _pushed.Where(p => now - p.Value.ReceivedAt > _runbook.Settings.PushedAlertTtl).Select(p => p.Key).ToList())
            _pushed.Remove(stale);
        PushedAlerts = [.. _pushed.Values.Select(p => p.Alert)];
        if (!_running.IsCompleted) return; // the executor owns the incident until its runbook ends

        var verdicts = Verdicts;
        var firing = verdicts.Where(v => v.IsFiring).Select(v => Trigger.From(v))
            .Concat(_pushed.Values.Select(p => p.Alert.ToTrigger(p.ReceivedAt))).ToList();
        var healthy = _pushed.Count == 0 && AllClear(verdicts);

        if (_incident is not { IsOpen: true } incident)
        {
            if (firing.Count > 0) await OpenAsync(firing, now, ct);
            return;
        }

        switch (incident.State)
        {
            case IncidentState.Monitoring when incident.RollbackStartedAt is not null:
                if (firing.Count > 0)
                    await EscalateAsync(incident, $"regression after {(incident.Decision?.Action == RunbookAction.DisableFlag ? "disabling the flag" : "the rollback")}: {firing[0].Summary}", ct);
                else if (healthy && now - (incident.RestoredAt ?? now) >= _runbook.Settings.MonitorFor)
                    await ResolveAsync(incident, $"stable for {SignalFormat.Duration(_runbook.Settings.MonitorFor)} after the rollback to {incident.ToVersion}", ct);
                else if (_runbook.Settings.MonitorUpdateEvery > TimeSpan.Zero && now - Latest(_lastUpdate, incident.RestoredAt ?? now) >= _runbook.Settings.MonitorUpdateEvery)
                {
                    _lastUpdate = now;
                    await NotifyAsync(incident, Messages.Progress(incident, Readings, now - (incident.RestoredAt ?? now), _runbook.Settings.MonitorFor), ct);
                }

                break;

            case IncidentState.Monitoring or IncidentState.AwaitingApproval when healthy:
                await ResolveAsync(incident, "healthy again without action", ct);
                break;

            case IncidentState.AwaitingApproval when _runbook.Settings.VetoWindow > TimeSpan.Zero && now - AwaitingSince(incident) >= _runbook.Settings.VetoWindow:
                await ActUnvetoedAsync(incident, now, ct);
                break;

            case IncidentState.Monitoring when firing.Count > 0 && incident.Mode != Mode.DryRun:
                var worse = RunbookPolicy.Decide(firing, _runbook.Settings.FeatureFlags);
                if (worse.Action > (incident.Decision?.Action ?? RunbookAction.Monitor))
                {
                    incident.Decide(worse, now);
                    await ActAsync(incident, ct);
                }

                break;

            case IncidentState.Decided or IncidentState.RollingBack or IncidentState.Stabilizing or IncidentState.Verifying:
                // The runbook stopped short (its journal write failed, say): resume it; finished steps are not repeated.
                _running = Task.Run(() => AfterRunbookAsync(incident), _stopping);
                break;

            case IncidentState.Escalated or IncidentState.Failed when healthy:
                incident.Close(now, "service healthy again; incident closed, left for people to review");
                await _store.SaveAsync(incident, ct);
                break;
        }
    }

    private async Task OpenAsync(List<Trigger> firing, DateTimeOffset now, CancellationToken ct)
    {
        var decision = RunbookPolicy.Decide(firing, _runbook.Settings.FeatureFlags);
        var incident = new Incident($"{now:yyyyMMdd-HHmmss-fff}-{Service}", Service, _runbook.Settings.Mode, decision.Trigger, now);
        foreach (var t in firing)
            incident.Record(t.DetectedAt, "detected", t.Summary);
        incident.Record(now, "evidence", Evidence());
        incident.Decide(decision, now);
        _incident = incident;
        await _store.SaveAsync(incident, ct);
        await ActAsync(incident, ct);
    }

    private async Task LoadBaselinesAsync(CancellationToken ct)
    {
        if (_baselinesLoaded || _ledger is null) return;
        _baselinesLoaded = true;
        if (await _ledger.GetAsync(BaselineBook.LedgerScope, Service, ct) is { } saved) _rules.Baselines.Load(saved);
    }

    /// <summary>Once a live check, when new readings or a new deployment changed them: one small write a minute at most.</summary>
    private async Task SaveBaselinesAsync(CancellationToken ct)
    {
        if (_ledger is null || !_rules.Baselines.Dirty) return;
        await _ledger.SetAsync(BaselineBook.LedgerScope, Service, _rules.Baselines.Save(), ct);
    }

    private static DateTimeOffset Latest(DateTimeOffset? a, DateTimeOffset b) => a > b ? a.Value : b;

    /// <summary>What every source and rule showed when the incident opened, kept with it for the post-mortem.</summary>
    private string Evidence() =>
        "readings: " + string.Join("; ", Readings.Select(r => r.Source is { } s ? $"{r} [{s}]" : r.ToString())) +
        " | rules: " + string.Join("; ", Verdicts.Select(v => $"{v.Rule.Name} {v.Status.ToString().ToLowerInvariant()}")) +
        (PushedAlerts.Count > 0 ? " | pushed: " + string.Join("; ", PushedAlerts.Select(a => $"{a.Source}:{a.Key} {a.Meaning}")) : "") +
        (Live is { } live ? $" | live: {live}" : "");

    private async Task ActAsync(Incident incident, CancellationToken ct)
    {
        var decision = incident.Decision!;
        var now = _time.GetUtcNow();
        if (decision.Action == RunbookAction.Monitor)
        {
            incident.MoveTo(IncidentState.Monitoring, now, "no action: " + decision.Reason);
            await _store.SaveAsync(incident, ct);
            await NotifyAsync(incident, Messages.Alert(incident, "monitor and fix forward; Watchdog takes no action"), ct);
            return;
        }

        if (incident.Mode == Mode.DryRun)
        {
            await _executor.IdentifyAsync(incident, decision, ct);
            var would = decision.Action == RunbookAction.DisableFlag
                ? $"disable feature flag {decision.Flag}"
                : $"roll back from {incident.FromVersion ?? "?"} to {incident.ToVersion ?? "(no target found)"}";
            incident.MoveTo(IncidentState.Monitoring, _time.GetUtcNow(), $"DRY RUN: would {would}; nothing was called");
            await _store.SaveAsync(incident, ct);
            await NotifyAsync(incident, Messages.Alert(incident, $"DRY RUN: Watchdog would {would} ({decision.Reason})"), ct);
            return;
        }

        if (incident.Mode == Mode.Auto)
        {
            var previous = await _store.AutomaticRollbacksSinceAsync(Service, now - TimeSpan.FromDays(1), ct);
            if (_runbook.Settings.Budget.Refusal(previous, now) is { } refusal)
            {
                await EscalateAsync(incident, $"{decision.Action} needed ({decision.Reason}) but not automatic: {refusal}", ct);
                return;
            }
        }
        else
        {
            if (await _executor.IdentifyAsync(incident, decision, ct) is null) return; // failed: nothing to approve
            var window = _runbook.Settings.VetoWindow;
            incident.MoveTo(IncidentState.AwaitingApproval, now, window > TimeSpan.Zero
                ? $"Approve mode: acting in {SignalFormat.Duration(window)} unless a person vetoes"
                : "Approve mode: waiting for a person");
            await _store.SaveAsync(incident, ct);
            var asked = Messages.ApprovalNeeded(incident, window);
            await NotifyAsync(incident, asked with { Links = [.. asked.Links, .. _links.Decide(incident, now + (window > TimeSpan.Zero ? window : TimeSpan.FromDays(1)))] }, ct);
            return;
        }

        _running = Task.Run(() => AfterRunbookAsync(incident), _stopping);
    }

    /// <summary>When the incident began to wait for a person: its last move to AwaitingApproval, from the journal so a restart keeps the window.</summary>
    private static DateTimeOffset AwaitingSince(Incident incident) =>
        incident.Timeline.LastOrDefault(e => e.Kind == "state" && e.Message.StartsWith(nameof(IncidentState.AwaitingApproval), StringComparison.Ordinal))?.At ?? incident.OpenedAt;

    /// <summary>The veto window passed in silence: act as announced, within the budget like any action nobody approved.</summary>
    private async Task ActUnvetoedAsync(Incident incident, DateTimeOffset now, CancellationToken ct)
    {
        var previous = await _store.AutomaticRollbacksSinceAsync(Service, now - TimeSpan.FromDays(1), ct);
        if (_runbook.Settings.Budget.Refusal(previous, now) is { } refusal)
        {
            await EscalateAsync(incident, $"the veto window passed, but {incident.Decision?.Action} is not automatic: {refusal}", ct);
            return;
        }

        incident.Record(now, "unvetoed", $"no veto within {SignalFormat.Duration(_runbook.Settings.VetoWindow)}: acting as announced");
        await _store.SaveAsync(incident, ct);
        _running = Task.Run(() => AfterRunbookAsync(incident), _stopping);
    }

    private async Task AfterRunbookAsync(Incident incident)
    {
        await _executor.RunAsync(incident, _stopping);
        if (incident.State == IncidentState.Monitoring)
        {
            // The old deployment's samples say nothing about the restored one.
            foreach (var s in _sources) s.Reset();
            _rules.Reset();
        }
    }

    private async Task EscalateAsync(Incident incident, string why, CancellationToken ct)
    {
        incident.MoveTo(IncidentState.Escalated, _time.GetUtcNow(), why);
        await _store.SaveAsync(incident, ct);
        await NotifyAsync(incident, Messages.Escalation(incident, why, incident.RollbackStartedAt is null ? "nothing: no automatic action was allowed" : $"rolled back from {incident.FromVersion} to {incident.ToVersion}"), ct);
    }

    private async Task ResolveAsync(Incident incident, string how, CancellationToken ct)
    {
        incident.MoveTo(IncidentState.Resolved, _time.GetUtcNow(), how);
        await _store.SaveAsync(incident, ct);
        await NotifyAsync(incident, Messages.Resolved(incident, how), ct);
    }

    private async Task NotifyAsync(Incident incident, Notification n, CancellationToken ct)
    {
        var results = await _notifier.SendAsync(n, ct);
        incident.Record(_time.GetUtcNow(), "notified", $"{n.Kind}: {string.Join("; ", results)}");
        await _store.SaveAsync(incident, ct);
    }

    public void Dispose() => _gate.Dispose();
}
