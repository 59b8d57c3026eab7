using Watchdog.Core.Decisions;

namespace Watchdog.Core.Runbook;

/// <summary>How one service's runbook behaves; bound from <c>Watchdog:Services:N</c> with the global defaults.</summary>
public sealed record RunbookSettings
{
    public Mode Mode { get; init; } = Mode.Auto;

    public RollbackBudget Budget { get; init; } = RollbackBudget.Default;

    /// <summary>Rule name → feature flag variable to set to <c>false</c> instead of rolling back.</summary>
    public IReadOnlyDictionary<string, string> FeatureFlags { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a rolled-back deployment may take to become live.</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the provider is asked whether the target is live yet.</summary>
    public TimeSpan LivePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to watch after a rollback before calling the incident resolved (seed: 2 hours).</summary>
    public TimeSpan MonitorFor { get; init; } = TimeSpan.FromHours(2);
}
