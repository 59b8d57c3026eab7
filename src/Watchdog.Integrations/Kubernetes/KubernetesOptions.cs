namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// Where the Kubernetes API is and which Deployment Watchdog rolls back. The defaults are the pod's
/// own service-account mount, so a sidecar needs only <see cref="Deployment"/>; outside a cluster set
/// <see cref="ApiUrl"/>, <see cref="Token"/> (or <see cref="TokenFile"/>), <see cref="Namespace"/> and
/// <see cref="CaFile"/> (empty for the system's trust store).
/// </summary>
public sealed class KubernetesOptions
{
    /// <summary>Where kubelet mounts a pod's service-account token, CA and namespace.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>How the provider is named in the journal and in messages. Default <c>kubernetes</c>.</summary>
    public string Name { get; set; } = "kubernetes";

    /// <summary>
    /// The API server. Default: in-cluster, <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>
    /// as client-go builds it, or <c>https://kubernetes.default.svc</c> when those are not set.
    /// </summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>A bearer token. When set, <see cref="TokenFile"/> is not read. Never logged or shown.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// File holding the bearer token, used when <see cref="Token"/> is not set. Default the service-account
    /// token. Bound tokens rotate, so the file is read again whenever it changes, and at least every minute.
    /// </summary>
    public string? TokenFile { get; set; } = ServiceAccountDirectory + "/token";

    /// <summary>
    /// PEM file of the CA that signs the API server's certificate; only it is trusted (see
    /// <see cref="KubernetesTls.CreateHandler"/>). Default the service-account <c>ca.crt</c>; empty means
    /// the system's trust store.
    /// </summary>
    public string? CaFile { get; set; } = ServiceAccountDirectory + "/ca.crt";

    /// <summary>The Deployment's namespace. Default: read from <see cref="NamespaceFile"/>.</summary>
    public string? Namespace { get; set; }

    /// <summary>Where the namespace is read from when <see cref="Namespace"/> is not set. Default the service-account <c>namespace</c> file.</summary>
    public string? NamespaceFile { get; set; } = ServiceAccountDirectory + "/namespace";

    /// <summary>Required. The Deployment to watch and roll back.</summary>
    public string? Deployment { get; set; }

    /// <summary>
    /// The app's container in the pod template: variables are set on it, and its image tag is a
    /// deployment's version. Default: the first container.
    /// </summary>
    public string? Container { get; set; }

    /// <summary>ReplicaSets asked for per list page (<c>limit</c>); the server may send fewer and a <c>continue</c> token. Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Most bytes read of one answer; a list page of full pod templates can be large. Default 4 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The API server URL as configured, or the in-cluster one from <paramref name="environment"/>
    /// (<c>KUBERNETES_SERVICE_HOST</c>, <c>KUBERNETES_SERVICE_PORT</c>), always ending in <c>/</c>.
    /// </summary>
    public Uri EffectiveApiUrl(Func<string, string?>? environment = null)
    {
        var url = ApiUrl ?? InClusterApiUrl(environment ?? Environment.GetEnvironmentVariable);
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    internal static Uri InClusterApiUrl(Func<string, string?> environment)
    {
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrWhiteSpace(host) || string.IsNullOrWhiteSpace(port))
            return new Uri("https://kubernetes.default.svc/");
        // An IPv6 service address needs brackets, as Go's net.JoinHostPort adds them.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host.Trim()}]" : host.Trim();
        return new Uri($"https://{authority}:{port.Trim()}/");
    }
}
