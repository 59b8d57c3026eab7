using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;

namespace Watchdog.Core.Runbook;

/// <summary>How one service's runbook behaves; bound from <c>Watchdog:Services:N</c> with the global defaults.</summary>
public sealed record RunbookSettings
{
    public Mode Mode { get; init; } = Mode.Auto;

    public RollbackBudget Budget { get; init; } = RollbackBudget.Default;

    /// <summary>Rule name → feature flag variable to set to <c>false</c> instead of rolling back.</summary>
    public IReadOnlyDictionary<string, string> FeatureFlags { get; init; } = new Dictionary<string, string>();

    /// <summary>Rule name → what it may do on its own; a rule not named follows <see cref="Mode"/>.</summary>
    public IReadOnlyDictionary<string, Decisions.Autonomy> Autonomy { get; init; } = new Dictionary<string, Decisions.Autonomy>();

    /// <summary>How many confirmed alarms in a row an <see cref="Decisions.Autonomy.Earned"/> rule needs before it acts on its own.</summary>
    public int EarnAfter { get; init; } = 3;

    /// <summary>How long a rolled-back deployment may take to become live.</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times one provider is asked to roll back before the next in the chain is tried.</summary>
    public int RollbackAttempts { get; init; } = 3;

    /// <summary>The wait before the second attempt; it doubles for each one after.</summary>
    public TimeSpan RollbackRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the provider is asked whether the target is live yet.</summary>
    public TimeSpan LivePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to watch after a rollback before calling the incident resolved (seed: 2 hours).</summary>
    public TimeSpan MonitorFor { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How often to ask the provider what is live outside incidents (to notice a quarantined release coming back); zero turns it off.</summary>
    public TimeSpan LiveCheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the flag service (<c>Flags:PollInterval</c>) is read for flags that changed, where it sends no webhook or
    /// as a safety net; zero (the default) turns it off. It rides on the service's tick, at most once per interval.
    /// </summary>
    public TimeSpan FlagPollInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How often the primary platform's configuration variables are read for a name that changed, added or removed
    /// (<c>VariablePollInterval</c>); zero (the default) turns it off, else at least 10s. Values are compared as digests in
    /// memory only; a command provider needs its <c>Variables</c> command.
    /// </summary>
    public TimeSpan VariablePollInterval { get; init; } = TimeSpan.Zero;

    /// <summary>How long a release must be seen live and healthy, without a break, to be on record as good (a rollback's first choice). Zero turns the record off.</summary>
    public TimeSpan MinHealthyFor { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Approve mode only: how long people have to veto before Watchdog acts without an approval ("rolling back in
    /// 5 minutes unless someone objects"); zero (the default) waits for an explicit approval however long it takes.
    /// </summary>
    public TimeSpan VetoWindow { get; init; } = TimeSpan.Zero;

    /// <summary>How often post-rollback monitoring reports that all is still well (seed 1: every 15 minutes for 2 hours); zero turns it off.</summary>
    public TimeSpan MonitorUpdateEvery { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Ticks in a row a source may fail before Watchdog says it is blind.</summary>
    public int BlindAfter { get; init; } = 3;

    /// <summary>
    /// How long a pushed alert counts as firing without being sent again. Longer than Alertmanager's
    /// default repeat interval (4h), so an alert that keeps firing stays raised; one whose "resolved"
    /// was lost does not hold an incident open for ever.
    /// </summary>
    public TimeSpan PushedAlertTtl { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The polling interval, for messages that say how long a source has been failing.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The parts the incident lifecycle reads.</summary>
    public LifecycleSettings Lifecycle => new(MonitorFor, MonitorUpdateEvery, VetoWindow, FeatureFlags);
}
