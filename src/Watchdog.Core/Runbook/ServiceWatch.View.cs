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
    public IReadOnlyList<PushedAlert> PushedAlerts => _alerts.Firing;
}
