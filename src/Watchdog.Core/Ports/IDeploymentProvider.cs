using Watchdog.Core.Releases;
namespace Watchdog.Core.Ports;

/// <summary>A hosting platform (Railway, Vercel, Kubernetes, or templated commands) as the runbook needs it.</summary>
public interface IDeploymentProvider
{
    string Name { get; }

    /// <summary>Known deployments, newest first.</summary>
    Task<IReadOnlyList<Deployment>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The deployment serving traffic now, or null when the platform cannot say.</summary>
    Task<Deployment?> GetLiveAsync(CancellationToken cancellationToken);

    /// <summary>Asks the platform to make <paramref name="target"/> live. Returns once the request is accepted, not once it is live.</summary>
    Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken);

    /// <summary>Sets an environment variable (a feature flag, <c>MAINTENANCE_MODE</c>) and restarts where the platform needs it.</summary>
    Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken);
}
