using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Railway;

/// <summary>Railway as a deployment provider: <c>Provider:Type</c> <c>Railway</c>.</summary>
public sealed class RailwayModule() : ProviderModule<RailwayOptions>("Railway", RailwayOptionsValidator.Problems, o => o.Name, o => [o.Token])
{
    protected override RailwayOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        Endpoint = r.Url(s, "Endpoint") ?? Defaults.Endpoint,
        Token = r.Secret(s, "Token"),
        TokenKind = r.Enum(s, "TokenKind", Defaults.TokenKind),
        ProjectId = r.String(s, "ProjectId"),
        EnvironmentId = r.String(s, "EnvironmentId"),
        ServiceId = r.String(s, "ServiceId"),
        PageSize = r.Integer(s, "PageSize", Defaults.PageSize, 1, RailwayOptionsValidator.MaxPageSize),
        MaxPages = r.Integer(s, "MaxPages", Defaults.MaxPages, 1, RailwayOptionsValidator.MaxPagesLimit),
        MinHealthyFor = r.Duration(s, "MinHealthyFor", Defaults.MinHealthyFor, TimeSpan.Zero, TimeSpan.FromDays(7)),
        VersionMetaKeys = r.Strings(s, "VersionMetaKeys") ?? Defaults.VersionMetaKeys,
        CallTimeout = r.Duration(s, "CallTimeout", Defaults.CallTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
    };

    protected override IDeploymentProvider Create(RailwayOptions options, IntegrationContext context, ReadScope scope) =>
        new RailwayProvider(context.Outbound(), options, context.Time, context.Logs.CreateLogger<RailwayProvider>());
}
