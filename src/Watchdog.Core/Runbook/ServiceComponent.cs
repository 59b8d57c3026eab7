using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// One deployable part of a service (its API on Railway, its web app on Vercel), rolled back on its own platform with
/// its own fallbacks, in the order the service lists them (backend before frontend, as the seeds do).
/// </summary>
public sealed record ServiceComponent(string Name, IDeploymentProvider Provider, IReadOnlyList<IDeploymentProvider> Fallbacks);
