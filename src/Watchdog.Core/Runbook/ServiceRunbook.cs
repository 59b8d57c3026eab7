using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>Everything the runbook acts through for one service.</summary>
public sealed record ServiceRunbook(
    string Service,
    RunbookSettings Settings,
    IDeploymentProvider Provider,
    IReadOnlyList<IRunbookTask> Stabilization,
    IReadOnlyList<IRunbookTask> SmokeTests,
    IVerifier Verifier);
