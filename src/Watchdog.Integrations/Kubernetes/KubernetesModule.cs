using Watchdog.Core.Ports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>A Kubernetes Deployment as a deployment provider: <c>Provider:Type</c> <c>Kubernetes</c>.</summary>
public sealed class KubernetesModule() : ProviderModule<KubernetesOptions>("Kubernetes", Problems, o => o.Name, o => [o.Token])
{
    protected override KubernetesOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        ApiUrl = r.Url(s, "ApiUrl"),
        Token = r.Secret(s, "Token", fromFile: false), // TokenFile below is re-read as it rotates, never taken once
        // The service-account files are the defaults inside a cluster; outside one, "" turns each off.
        TokenFile = r.FilePath(s, "TokenFile", Defaults.TokenFile, orNone: true),
        CaFile = r.FilePath(s, "CaFile", Defaults.CaFile, orNone: true),
        Namespace = r.String(s, "Namespace"),
        NamespaceFile = r.FilePath(s, "NamespaceFile", Defaults.NamespaceFile),
        Deployment = r.String(s, "Deployment"),
        Container = r.String(s, "Container"),
        PageSize = r.Integer(s, "PageSize", Defaults.PageSize, 1, KubernetesOptionsValidator.MaxPageSize),
    };

    /// <remarks>The API server's certificate is signed by the cluster's own CA: a client of its own that trusts only it.</remarks>
    protected override IDeploymentProvider Create(KubernetesOptions options, IntegrationContext context, ReadScope scope) =>
        new KubernetesProvider(
            new HttpClient(new ResilienceHandler(context.Resilience) { InnerHandler = KubernetesTls.CreateHandler(options) }) { Timeout = Timeout.InfiniteTimeSpan },
            options, context.Time, context.Logs.CreateLogger<KubernetesProvider>());

    /// <summary>The validator's findings, and a missing CA file: the validator reads no files, but a typo here fails every call.</summary>
    private static IEnumerable<string> Problems(KubernetesOptions o) =>
        o.CaFile is { } ca && !File.Exists(ca)
            ? [.. KubernetesOptionsValidator.Problems(o), $"CaFile '{ca}' does not exist (outside a cluster, set CaFile to \"\" to trust the system's store)"]
            : KubernetesOptionsValidator.Problems(o);
}
