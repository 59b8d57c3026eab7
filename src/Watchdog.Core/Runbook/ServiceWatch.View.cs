using Watchdog.Core.Incidents;
using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Runbook;

/// <summary>What the status page, the API and /metrics read of a service's watch.</summary>
public sealed partial class ServiceWatch
{
    public string Service => _runbook.Service;
    public IReadOnlyList<Rule> Rules => _rules.Rules;

    /// <summary>The latest verdict of each rule, for the status page and /metrics.</summary>
    public IReadOnlyList<Verdict> Verdicts { get; private set; } = [];

    /// <summary>The latest readings of every source.</summary>
    public IReadOnlyList<Reading> Readings { get; private set; } = [];

    /// <summary>The runbook under way, if any; tests and shutdown wait on it.</summary>
    public Task Running => _running;
    public string? OpenIncidentId => _incident?.IsOpen == true ? _incident.Id : null;
    public IReadOnlyList<SourceState> Sources => _intake.Sources;
    public Deployment? Live => _release.Live;

    /// <summary>The ticks each rule's chart spans: at the default 10 s poll, the last 20 minutes.</summary>
    public const int HistoryTicks = 120;

    private readonly ReadingHistory _history;

    /// <summary>The rule's last <see cref="HistoryTicks"/> readings, oldest first.</summary>
    public IReadOnlyList<HistoryPoint> History(string rule) => _history.Of(rule);

    public Mode Mode => _runbook.Settings.Mode;

    /// <summary>When each recent deployment that replaced another was first seen live.</summary>
    public IReadOnlyList<DeployChange> DeployChanges => _release.Changes;

    /// <summary>What is live, asked of the provider now if the last answer is older than the live-check interval.</summary>
    public Task<LiveLook> FreshLiveAsync(TimeSpan timeout, CancellationToken ct) => _release.FreshAsync(timeout, ct);
    public IReadOnlyList<PushedAlert> PushedAlerts => _alerts.Firing;
}
