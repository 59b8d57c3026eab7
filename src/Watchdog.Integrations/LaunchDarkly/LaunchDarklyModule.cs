using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.LaunchDarkly;

/// <summary>LaunchDarkly as a service's flags: <c>Flags:Type</c> <c>LaunchDarkly</c>.</summary>
public sealed class LaunchDarklyModule() : FlagModule<LaunchDarklyOptions>("LaunchDarkly", LaunchDarklyOptionsValidator.Problems, o => o.Name, o => [o.Token])
{
    protected override LaunchDarklyOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        BaseUrl = r.Url(s, "BaseUrl") ?? Defaults.BaseUrl,
        Token = r.Secret(s, "Token"),
        ProjectKey = r.String(s, "ProjectKey"),
        EnvironmentKey = r.String(s, "EnvironmentKey"),
        ApiVersion = r.String(s, "ApiVersion", Defaults.ApiVersion)!,
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, FlagOptionsChecks.MinTimeout, FlagOptionsChecks.MaxTimeout),
    };

    protected override FlagSwitchFactory Create(LaunchDarklyOptions options, IntegrationContext context, ReadScope scope) =>
        _ => new LaunchDarklyFlags(context.Outbound(), options, context.Time, context.Logs.CreateLogger<LaunchDarklyFlags>());
}
