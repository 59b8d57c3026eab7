using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>Everything the runbook acts through for one service.</summary>
/// <param name="Provider">The primary platform: it names what is live, sets variables, and is tried first.</param>
public sealed record ServiceRunbook(
    string Service,
    RunbookSettings Settings,
    IDeploymentProvider Provider,
    IReadOnlyList<IRunbookTask> Stabilization,
    IReadOnlyList<IRunbookTask> SmokeTests,
    IVerifier Verifier)
{
    /// <summary>Tried in order when the primary cannot roll back (e.g. a git-based redeploy of the last stable tag).</summary>
    public IReadOnlyList<IDeploymentProvider> Fallbacks { get; init; } = [];

    /// <summary>Where the service's feature flags are turned off; null: they are the primary platform's environment variables.</summary>
    public IFlagSwitch? Flags { get; init; }

    /// <summary>The flag switch the runbook uses.</summary>
    public IFlagSwitch FlagSwitch => Flags ?? new VariableFlags(Provider);

    /// <summary>Seed 000 step 4.1: reports which migrations the database has; run before the rollback, as evidence. Null when not configured.</summary>
    public IRunbookTask? DatabaseStatus { get; init; }

    /// <summary>Takes a fresh database backup; always runs before <see cref="DatabaseRestore"/>. Null when not configured.</summary>
    public IRunbookTask? DatabaseBackup { get; init; }

    /// <summary>Restores the database. Never automatic: only after a person asks through the API.</summary>
    public IRunbookTask? DatabaseRestore { get; init; }

    /// <summary>Seed 000 step 4.3: marks the migration rolled back, only after a restore that succeeded. Null when not configured.</summary>
    public IMigrationResolve? DatabaseResolve { get; init; }

    /// <summary>
    /// The service's parts when it has several; empty when it is one (<see cref="Provider"/> and <see cref="Fallbacks"/>).
    /// The first is the primary: <see cref="Provider"/> and <see cref="Fallbacks"/> are its, so flags, maintenance mode
    /// and drills act through it.
    /// </summary>
    public IReadOnlyList<ServiceComponent> Components { get; init; } = [];

    /// <summary>Whether an incident rolls back part by part (its components' suspects) rather than the service as one.</summary>
    public bool HasComponents => Components.Count > 1;

    /// <summary>The lease this instance acts for the service under when several share the journal; null acts unfenced (tests, one-off tools).</summary>
    public LeaseFence? Fence { get; init; }
}
