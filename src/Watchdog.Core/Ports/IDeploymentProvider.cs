using Watchdog.Core.Releases;
namespace Watchdog.Core.Ports;

/// <summary>A hosting platform (Railway, Vercel, Kubernetes, or templated commands) as the runbook needs it. Errors are data: no member throws for a refusal.</summary>
public interface IDeploymentProvider
{
    string Name { get; }

    /// <summary>Known deployments, newest first; a failed result when the platform refused or could not be asked.</summary>
    Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The deployment serving traffic now. A null value: the platform says none is live, or cannot say which;
    /// a failed result: it refused or could not be asked.
    /// </summary>
    Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the platform to make <paramref name="target"/> live. Returns once the request is accepted, not once it is live.
    /// A refusal or transport failure is a failed outcome, never an exception (only the caller's cancellation escapes).
    /// </summary>
    Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken);

    /// <summary>Sets an environment variable (a feature flag, <c>MAINTENANCE_MODE</c>) and restarts where the platform needs it; never throws for a refusal.</summary>
    Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Whether setting a variable redeploys or restarts the live release (Railway's redeploy, a Kubernetes rollout):
    /// then maintenance mode is never turned on before a rollback, which would redeploy the release being rolled back.
    /// </summary>
    bool SetVariableRedeploys => false;
}
