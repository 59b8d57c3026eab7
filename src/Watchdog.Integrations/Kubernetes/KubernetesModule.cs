using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>A Kubernetes Deployment as a deployment provider: <c>Provider:Type</c> <c>Kubernetes</c>.</summary>
public sealed class KubernetesModule : ProviderModule<KubernetesOptions>
{
    public override string Type => "Kubernetes";

    protected override KubernetesOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new KubernetesOptions();
        var o = new KubernetesOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            ApiUrl = r.Url(s, "ApiUrl"),
            Token = r.Secret(s, "Token"),
            // The service-account files are the defaults inside a cluster; outside one, "" turns each off.
            TokenFile = r.StringOrNone(s, "TokenFile", d.TokenFile),
            CaFile = r.StringOrNone(s, "CaFile", d.CaFile),
            Namespace = r.String(s, "Namespace"),
            NamespaceFile = r.String(s, "NamespaceFile", d.NamespaceFile),
            Deployment = r.String(s, "Deployment"),
            Container = r.String(s, "Container"),
            PageSize = r.Integer(s, "PageSize", d.PageSize, 1, KubernetesOptionsValidator.MaxPageSize),
        };
        r.Problems(s, KubernetesOptionsValidator.Problems(o));
        if (o.CaFile is { } ca && !File.Exists(ca))
            r.Error(s, "CaFile", $"'{ca}' does not exist (outside a cluster, set CaFile to \"\" to trust the system's store)");
        return o;
    }

    protected override string NameOf(KubernetesOptions options) => options.Name;

    protected override IEnumerable<string?> SecretsOf(KubernetesOptions options) => [options.Token];

    /// <remarks>The API server's certificate is signed by the cluster's own CA: a client of its own that trusts only it.</remarks>
    protected override IDeploymentProvider Create(KubernetesOptions options, IntegrationContext context, ReadScope scope) =>
        new KubernetesProvider(
            new HttpClient(new ResilienceHandler(context.Resilience) { InnerHandler = KubernetesTls.CreateHandler(options) }) { Timeout = Timeout.InfiniteTimeSpan },
            options, context.Time, context.Logs.CreateLogger<KubernetesProvider>());
}
