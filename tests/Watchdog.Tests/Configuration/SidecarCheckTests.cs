using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Tests.Configuration;

/// <summary>
/// check-config warns when the SQLite journal does not outlive the pod, and when a sidecar rolls back its own Deployment
/// without such a journal. The environment and the mount table are the test's own, never the process's.
/// </summary>
public sealed class SidecarCheckTests : IDisposable
{
    private const string Pod = "shop-api-7d9f8b6c5d-x2k9q";
    private const string OverlayRoot = "1201 1100 0:310 / / ro,relatime master:9 - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w";
    private const string EmptyDir = "1210 1201 259:1 /var/lib/kubelet/pods/6f0c1e2a/volumes/kubernetes.io~empty-dir/data /data rw,relatime - ext4 /dev/nvme0n1p1 rw";
    private const string MemoryEmptyDir = "1210 1201 0:312 / /data rw,relatime - tmpfs tmpfs rw,size=524288k";
    private const string Pvc = "1210 1201 259:5 / /data rw,relatime shared:20 - ext4 /dev/nvme1n1 rw";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("watchdog-sidecar-");

    public void Dispose() => _dir.Delete(true);

    private static Dictionary<string, string?> Kubernetes(string deployment = "shop-api") => new()
    {
        ["Watchdog:Mode"] = "DryRun",
        ["Watchdog:DataDirectory"] = "/data",
        ["Watchdog:Services:0:Name"] = "shop-api",
        ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
        ["Watchdog:Services:0:Provider:Type"] = "Kubernetes",
        ["Watchdog:Services:0:Provider:Deployment"] = deployment,
        ["Watchdog:Services:0:Provider:CaFile"] = "",
    };

    private PodFacts Facts(string? mounts, params (string Name, string Value)[] env)
    {
        var path = Path.Combine(_dir.FullName, "mountinfo");
        if (mounts is not null) File.WriteAllText(path, mounts + "\n");
        var vars = env.ToDictionary(e => e.Name, e => e.Value);
        return new PodFacts(name => vars.GetValueOrDefault(name), path);
    }

    private PodFacts InPod(string? mounts, string pod = Pod) =>
        Facts(mounts, ("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("WATCHDOG_POD_NAME", pod), ("WATCHDOG_POD_NAMESPACE", "shop"));

    private static IReadOnlyList<string> Warnings(Dictionary<string, string?> values, PodFacts pod)
    {
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), IntegrationRegistry.BuiltIn, out var errors, pod: pod);
        errors.ShouldBeEmpty();
        return settings.ShouldNotBeNull().Warnings;
    }

    [Fact]
    public void DiskEmptyDir_OtherDeployment_WarnsOnDataDirectoryOnly()
    {
        var warning = Warnings(Kubernetes("checkout"), InPod(OverlayRoot + "\n" + EmptyDir)).ShouldHaveSingleItem();

        warning.ShouldStartWith("Watchdog:DataDirectory: is /data, on an emptyDir (mount /data, ext4) in this Kubernetes pod");
        warning.ShouldContain("PersistentVolumeClaim");
        warning.ShouldContain("Watchdog:Store:Type");
        warning.ShouldContain("not tmpfs, ramfs, overlay or a kubelet emptyDir");
    }

    [Fact]
    public void NoVolumeAtAll_TheWritableLayer_IsWarned()
    {
        Warnings(Kubernetes("checkout"), InPod(OverlayRoot)).ShouldHaveSingleItem()
            .ShouldStartWith("Watchdog:DataDirectory: is /data, on the container's writable layer (overlay) (mount /, overlay)");
    }

    [Fact]
    public void MemoryEmptyDir_IsWarned()
    {
        Warnings(Kubernetes("checkout"), InPod(OverlayRoot + "\n" + MemoryEmptyDir)).ShouldHaveSingleItem().ShouldContain("on a tmpfs (memory");
    }

    [Fact]
    public void Pvc_EvenForItsOwnDeployment_NoWarning()
    {
        Warnings(Kubernetes(), InPod(OverlayRoot + "\n" + Pvc)).ShouldBeEmpty();
    }

    [Fact]
    public void OwnDeployment_OnAnEmptyDir_WarnsOnBothKeys()
    {
        var warnings = Warnings(Kubernetes(), InPod(OverlayRoot + "\n" + EmptyDir));

        warnings.Count.ShouldBe(2);
        warnings[0].ShouldStartWith("Watchdog:DataDirectory: is /data, on an emptyDir");
        warnings[1].ShouldStartWith($"Watchdog:Services:0:Provider:Deployment: is 'shop-api', the Deployment this Watchdog runs in (pod {Pod} in namespace shop)");
        warnings[1].ShouldContain("restarts Watchdog in the middle of its runbook");
        warnings[1].ShouldContain("Watchdog:DataDirectory (/data) is on an emptyDir");
        warnings[1].ShouldContain("Postgres");
        warnings[1].ShouldContain("its own Deployment");
    }

    [Fact]
    public void OwnDeployment_MountTableUnreadable_StillWarnsOnTheDeployment()
    {
        Warnings(Kubernetes(), InPod(mounts: null)).ShouldHaveSingleItem()
            .ShouldContain("is on a mount Watchdog cannot see");
    }

    [Fact]
    public void OwnDeployment_FromHostname_WhenTheDownwardApiIsNotSet()
    {
        var pod = Facts(EmptyDir, ("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("HOSTNAME", Pod));

        Warnings(Kubernetes(), pod).ShouldContain(w => w.StartsWith($"Watchdog:Services:0:Provider:Deployment: is 'shop-api', the Deployment this Watchdog runs in (pod {Pod})"));
    }

    [Fact]
    public void ADeploymentWhoseNameIsAPrefixOfThePods_IsNotItsOwn()
    {
        Warnings(Kubernetes("shop"), InPod(EmptyDir)).ShouldHaveSingleItem().ShouldStartWith("Watchdog:DataDirectory:");
    }

    [Fact]
    public void OwnDeploymentName_InAnotherNamespace_IsNotItsOwn()
    {
        var values = Kubernetes();
        values["Watchdog:Services:0:Provider:Namespace"] = "staging";

        Warnings(values, InPod(EmptyDir)).ShouldHaveSingleItem().ShouldStartWith("Watchdog:DataDirectory:");
    }

    [Fact]
    public void OwnDeployment_AsAFallback_NamesTheFallbacksKey()
    {
        // The same Kubernetes keys, moved from Provider to Fallbacks:0, and a command provider first.
        var values = Kubernetes().ToDictionary(kv => kv.Key.Replace(":Provider:", ":Fallbacks:0:", StringComparison.Ordinal), kv => kv.Value);
        foreach (var (key, value) in new[] { ("List", "cat deployments"), ("Current", "cat live"), ("Rollback", "deploy {target}") })
            values["Watchdog:Services:0:Provider:" + key] = value;

        Warnings(values, InPod(EmptyDir)).ShouldContain(w => w.StartsWith("Watchdog:Services:0:Fallbacks:0:Deployment: is 'shop-api', the Deployment this Watchdog runs in"));
    }

    [Fact]
    public void OutsideAPod_NoWarning()
    {
        Warnings(Kubernetes(), Facts(EmptyDir, ("HOSTNAME", Pod))).ShouldBeEmpty();
    }

    [Fact]
    public void PostgresStore_NoWarning()
    {
        var values = Kubernetes();
        values["Watchdog:Store:Type"] = "Postgres";
        values["Watchdog:Store:ConnectionString"] = "Host=postgres;Database=watchdog;Username=watchdog;Password=example";

        Warnings(values, InPod(OverlayRoot + "\n" + EmptyDir)).ShouldBeEmpty();
    }

    [Fact]
    public void MountInfo_EscapedPaths_AndTheLastMountOnAPointWins()
    {
        var table = string.Join('\n',
            OverlayRoot,
            @"1300 1201 259:5 / /var/lib/watch\040dog rw - ext4 /dev/nvme1n1 rw",
            @"1301 1300 0:40 / /var/lib/watch\040dog rw - tmpfs tmpfs rw",
            "1302 1201 259:5 / /var/lib/watch rw - ext4 /dev/nvme1n1 rw");

        var mount = Mount.Holding("/var/lib/watch dog/journal", table).ShouldNotBeNull();

        mount.MountPoint.ShouldBe("/var/lib/watch dog");
        mount.FileSystem.ShouldBe("tmpfs");
        Mount.Holding("/var/lib/watchdog", table).ShouldNotBeNull().MountPoint.ShouldBe("/");
    }
}
