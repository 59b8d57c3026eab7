using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Vercel;

/// <summary>Vercel as a deployment provider: <c>Provider:Type</c> <c>Vercel</c>.</summary>
public sealed class VercelModule() : ProviderModule<VercelOptions>("Vercel", VercelOptionsValidator.Problems, o => o.Name, o => [o.Token])
{
    protected override VercelOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        BaseUrl = r.Url(s, "BaseUrl") ?? Defaults.BaseUrl,
        Token = r.Secret(s, "Token"),
        TeamId = r.String(s, "TeamId"),
        ProjectId = r.String(s, "ProjectId"),
        PageSize = r.Integer(s, "PageSize", Defaults.PageSize, 1, VercelOptionsValidator.MaxPageSize),
        MaxPages = r.Integer(s, "MaxPages", Defaults.MaxPages, 1, VercelOptionsValidator.MaxPagesLimit),
        VersionMetaKeys = r.Strings(s, "VersionMetaKeys") ?? Defaults.VersionMetaKeys,
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, VercelOptionsValidator.MinTimeout, VercelOptionsValidator.MaxTimeout),
    };

    protected override IDeploymentProvider Create(VercelOptions options, IntegrationContext context, ReadScope scope) =>
        new VercelProvider(context.Outbound(), options, context.Time, context.Logs.CreateLogger<VercelProvider>());
}
