using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Railway;

/// <summary>Railway as a deployment provider: <c>Provider:Type</c> <c>Railway</c>.</summary>
public sealed class RailwayModule : ProviderModule<RailwayOptions>
{
    public override string Type => "Railway";

    protected override RailwayOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new RailwayOptions();
        var o = new RailwayOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            Endpoint = r.Url(s, "Endpoint") ?? d.Endpoint,
            Token = r.Secret(s, "Token"),
            TokenKind = r.Enum(s, "TokenKind", d.TokenKind),
            ProjectId = r.String(s, "ProjectId"),
            EnvironmentId = r.String(s, "EnvironmentId"),
            ServiceId = r.String(s, "ServiceId"),
            PageSize = r.Integer(s, "PageSize", d.PageSize, 1, RailwayOptionsValidator.MaxPageSize),
            MaxPages = r.Integer(s, "MaxPages", d.MaxPages, 1, RailwayOptionsValidator.MaxPagesLimit),
            MinHealthyFor = r.Duration(s, "MinHealthyFor", d.MinHealthyFor, TimeSpan.Zero, TimeSpan.FromDays(7)),
            VersionMetaKeys = r.Strings(s, "VersionMetaKeys") ?? d.VersionMetaKeys,
            CallTimeout = r.Duration(s, "CallTimeout", d.CallTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
        };
        r.Problems(s, RailwayOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(RailwayOptions options) => options.Name;

    protected override IEnumerable<string?> SecretsOf(RailwayOptions options) => [options.Token];

    protected override IDeploymentProvider Create(RailwayOptions options, IntegrationContext context, ReadScope scope) =>
        new RailwayProvider(context.Outbound(), options, context.Time, context.Logs.CreateLogger<RailwayProvider>());
}
