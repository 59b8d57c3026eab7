using Watchdog.Core.Ports;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Feature flags as environment variables of the deployment platform (the default): turning one off sets it to
/// <c>false</c> through the provider, which restarts where the platform needs it.
/// </summary>
public sealed class VariableFlags(IDeploymentProvider platform) : IFlagSwitch
{
    public string Name => platform.Name;

    public async Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken)
    {
        try
        {
            var set = await platform.SetVariableAsync(flag, "false", cancellationToken);
            return set.Ok ? FlagOutcome.Off($"flag {flag} turned off at {platform.Name}: {set.Detail}") : FlagOutcome.Refused(set.Detail);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return FlagOutcome.Refused($"{e.GetType().Name}: {e.Message}");
        }
    }
}
