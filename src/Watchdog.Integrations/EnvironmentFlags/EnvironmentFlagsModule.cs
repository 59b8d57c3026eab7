using Watchdog.Core.Runbook;

namespace Watchdog.Integrations.EnvironmentFlags;

/// <summary>
/// <c>Flags:Type</c> <c>Environment</c>, also what a service without a <c>Flags</c> section gets: a flag is turned off
/// by setting its variable to <c>false</c> through the service's <c>Provider</c> (<see cref="VariableFlags"/>).
/// </summary>
public sealed class EnvironmentFlagsModule() : FlagModule<EnvironmentFlagsOptions>("Environment", _ => [], _ => "environment", _ => [])
{
    protected override EnvironmentFlagsOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new();

    protected override FlagSwitchFactory Create(EnvironmentFlagsOptions options, IntegrationContext context, ReadScope scope) =>
        platform => new VariableFlags(platform);
}
