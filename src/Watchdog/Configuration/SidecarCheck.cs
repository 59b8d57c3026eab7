using Microsoft.Extensions.Configuration;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Kubernetes;

namespace Watchdog.Configuration;

/// <summary>
/// Whether the SQLite journal outlives the pod Watchdog runs in. A pod's emptyDir, memory filesystem or writable
/// layer goes with the pod, and with it open incidents, the rollback budget and the quarantine: a warning on
/// <c>Watchdog:DataDirectory</c>. A sidecar that rolls back its own pod's Deployment is restarted by that rollback in
/// the middle of its runbook, and resumes only from a journal that survived: unless the journal is known to be on a
/// persistent volume, a warning on the provider's <c>Deployment</c>. With the PostgreSQL store neither applies.
/// </summary>
internal static class SidecarCheck
{
    private const string Rule = "(persistent: not tmpfs, ramfs, overlay or a kubelet emptyDir, as the mount table shows)";

    public static void Check(ConfigReader r, IConfigurationSection root, string dataDirectory, StoreSettings store,
        IReadOnlyList<(IConfigurationSection Section, ServiceSettings Service)> services, PodFacts pod)
    {
        if (store.Type != StoreType.Sqlite || !pod.InKubernetesPod) return;

        var mount = pod.MountOf(dataDirectory);
        var ephemeral = mount?.Ephemeral;
        if (mount is not null && ephemeral is not null)
            r.Warn(root, "DataDirectory", $"is {dataDirectory}, on {ephemeral} (mount {mount.MountPoint}, {mount.FileSystem}) in this Kubernetes pod: " +
                "the SQLite journal goes with the pod, and with it open incidents, the rollback budget and the quarantine. Mount a " +
                $"PersistentVolumeClaim there or set Watchdog:Store:Type to Postgres {Rule}");
        if (mount is not null && ephemeral is null) return; // the journal survives the restart a self-rollback causes

        var journal = ephemeral is not null ? $"on {ephemeral}" : $"on a mount Watchdog cannot see ({pod.MountInfoPath} unreadable)";
        foreach (var (section, deployment) in services.SelectMany(s => KubernetesTargets(s.Section, s.Service)))
        {
            if (!pod.RunsInDeployment(deployment.Deployment!) || !SameNamespace(deployment, pod)) continue;
            var where = pod.PodNamespace is { } ns ? $"pod {pod.PodName} in namespace {ns}" : $"pod {pod.PodName}";
            r.Warn(section, "Deployment", $"is '{deployment.Deployment}', the Deployment this Watchdog runs in ({where}): rolling it back " +
                "replaces this pod and restarts Watchdog in the middle of its runbook, which resumes only from a journal that survives " +
                $"the pod, and Watchdog:DataDirectory ({dataDirectory}) is {journal}. Put the journal on a PersistentVolumeClaim {Rule}, " +
                "set Watchdog:Store:Type to Postgres, or run Watchdog as its own Deployment (deploy/kubernetes/ha)");
        }
    }

    /// <summary>The service's Kubernetes provider and fallbacks that name a Deployment, each with its section.</summary>
    private static IEnumerable<(IConfigurationSection Section, KubernetesOptions Options)> KubernetesTargets(IConfigurationSection s, ServiceSettings service)
    {
        var providers = service.Fallbacks.Select((p, i) => (Section: s.GetSection($"Fallbacks:{i}"), Provider: p)).Prepend((s.GetSection("Provider"), service.Provider));
        foreach (var (section, provider) in providers)
            if (provider.Options is KubernetesOptions { Deployment.Length: > 0 } k) yield return (section, k);
    }

    /// <summary>A provider without a Namespace uses the pod's own (its service-account namespace file); an unknown pod namespace counts as the same.</summary>
    private static bool SameNamespace(KubernetesOptions k, PodFacts pod) =>
        k.Namespace is not { Length: > 0 } ns || pod.PodNamespace is not { } own || string.Equals(ns, own, StringComparison.Ordinal);
}
