using Watchdog.Core.Releases;

namespace Watchdog.Core.Ports;

/// <summary>
/// A platform whose rollback pins production (Vercel, API-NOTES.md §11): afterwards the production domains stay on the
/// rolled-back deployment and new production builds are staged, not served, until someone promotes one; promoting
/// ends that state and turns automatic domain assignment back on. The provider only reports and does; the executor
/// records the setting before a rollback, rolls a drill forward by promoting, and the messages say what it means.
/// Errors are data: no member throws for a refusal.
/// </summary>
public interface IPinnedProduction
{
    /// <summary>The platform's name for the setting, for messages: <c>autoAssignCustomDomains</c>.</summary>
    string AutoAssignSetting { get; }

    /// <summary>The command a person runs to promote a deployment, with a placeholder for which one.</summary>
    string PromoteCommand { get; }

    /// <summary>Whether new production deployments get the production domains automatically, as the platform says now.</summary>
    Task<PeerResult<bool>> AutoAssignsDomainsAsync(CancellationToken cancellationToken);

    /// <summary>Turns automatic assignment of production domains on or off.</summary>
    Task<StepOutcome> SetAutoAssignDomainsAsync(bool on, CancellationToken cancellationToken);

    /// <summary>Asks the platform to promote <paramref name="target"/> to production. Returns once accepted, not once live.</summary>
    Task<StepOutcome> PromoteAsync(Deployment target, CancellationToken cancellationToken);
}
