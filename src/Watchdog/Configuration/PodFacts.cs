using System.Text.RegularExpressions;

namespace Watchdog.Configuration;

/// <summary>
/// What check-config asks of the place Watchdog runs in: the environment (is this a Kubernetes pod, which one) and the
/// mount table (is the journal's directory on a volume that outlives the pod). Tests pass their own.
/// </summary>
/// <param name="Environment">Reads an environment variable; null when unset.</param>
/// <param name="MountInfoPath">The mount table, <c>/proc/self/mountinfo</c>; a file that cannot be read means "unknown".</param>
public sealed partial record PodFacts(Func<string, string?> Environment, string MountInfoPath)
{
    /// <summary>Set in every container of a pod by kubelet (the Service environment of the API server).</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>The pod's name, from the downward API (<c>metadata.name</c>) in the shipped manifests; else <c>HOSTNAME</c>, which kubelet sets to it.</summary>
    public const string PodNameVariable = "WATCHDOG_POD_NAME";

    /// <summary>The pod's namespace, from the downward API (<c>metadata.namespace</c>).</summary>
    public const string PodNamespaceVariable = "WATCHDOG_POD_NAMESPACE";

    public static PodFacts Current { get; } = new(System.Environment.GetEnvironmentVariable, "/proc/self/mountinfo");

    public bool InKubernetesPod => !string.IsNullOrWhiteSpace(Environment(ServiceHostVariable));

    public string? PodName => Value(PodNameVariable) ?? Value("HOSTNAME");

    public string? PodNamespace => Value(PodNamespaceVariable);

    /// <summary>
    /// Whether <see cref="PodName"/> is a pod of Deployment <paramref name="deployment"/>: a Deployment's pods are named
    /// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;-&lt;5 random&gt;</c>, both suffixes in Kubernetes' safe alphabet.
    /// </summary>
    public bool RunsInDeployment(string deployment) =>
        PodName is { } pod && pod.StartsWith(deployment + "-", StringComparison.Ordinal) && ReplicaSetSuffix().IsMatch(pod[(deployment.Length + 1)..]);

    /// <summary>The mount holding <paramref name="directory"/>; null when the mount table cannot be read.</summary>
    internal Mount? MountOf(string directory)
    {
        try
        {
            return Mount.Holding(directory, File.ReadAllText(MountInfoPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string? Value(string name) => Environment(name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    [GeneratedRegex("^[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex ReplicaSetSuffix();
}
