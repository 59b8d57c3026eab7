namespace Watchdog.Integrations.EnvironmentFlags;

/// <summary>Feature flags as the platform's environment variables (the default): nothing to configure, the service's provider sets them.</summary>
public sealed class EnvironmentFlagsOptions
{
}
