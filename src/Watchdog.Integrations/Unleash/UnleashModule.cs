using Watchdog.Integrations.Flags;

namespace Watchdog.Integrations.Unleash;

/// <summary>Unleash as a service's flags: <c>Flags:Type</c> <c>Unleash</c>.</summary>
public sealed class UnleashModule() : FlagModule<UnleashOptions>("Unleash", UnleashOptionsValidator.Problems, o => o.Name, o => [o.Token])
{
    protected override UnleashOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        BaseUrl = r.Url(s, "BaseUrl"),
        Token = r.Secret(s, "Token"),
        ProjectId = r.String(s, "ProjectId", Defaults.ProjectId),
        Environment = r.String(s, "Environment"),
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, FlagOptionsChecks.MinTimeout, FlagOptionsChecks.MaxTimeout),
    };

    protected override FlagSwitchFactory Create(UnleashOptions options, IntegrationContext context, ReadScope scope) =>
        _ => new UnleashFlags(context.Outbound(), options, context.Time, context.Logs.CreateLogger<UnleashFlags>());
}
