using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Vercel;

/// <summary>Vercel as a deployment provider: <c>Provider:Type</c> <c>Vercel</c>, its keys named as its options' properties.</summary>
public sealed class VercelModule : ProviderModule<VercelOptions>
{
    public override string Type => "Vercel";

    protected override VercelOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new VercelOptions();
        var o = new VercelOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            BaseUrl = r.Url(s, "BaseUrl") ?? d.BaseUrl,
            Token = r.Secret(s, "Token"),
            TeamId = r.String(s, "TeamId"),
            ProjectId = r.String(s, "ProjectId"),
            PageSize = r.Integer(s, "PageSize", d.PageSize, 1, VercelOptionsValidator.MaxPageSize),
            MaxPages = r.Integer(s, "MaxPages", d.MaxPages, 1, VercelOptionsValidator.MaxPagesLimit),
            VersionMetaKeys = r.Strings(s, "VersionMetaKeys") ?? d.VersionMetaKeys,
            Timeout = r.Duration(s, "Timeout", d.Timeout, VercelOptionsValidator.MinTimeout, VercelOptionsValidator.MaxTimeout),
        };
        r.Problems(s, VercelOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(VercelOptions options) => options.Name;

    protected override IEnumerable<string?> SecretsOf(VercelOptions options) => [options.Token];

    protected override IDeploymentProvider Create(VercelOptions options, IntegrationContext context, ReadScope scope) =>
        new VercelProvider(context.Outbound(), options, context.Time, context.Logs.CreateLogger<VercelProvider>());
}
