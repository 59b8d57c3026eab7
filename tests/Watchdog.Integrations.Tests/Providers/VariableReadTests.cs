using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.Tests.Commands;
using Watchdog.Integrations.Tests.Kubernetes;
using Watchdog.Integrations.Tests.Railway;
using Watchdog.Integrations.Tests.Vercel;

namespace Watchdog.Integrations.Tests.Providers;

/// <summary>
/// The platforms' configuration variables read for polling (<see cref="IVariableStates"/>), against peers speaking the
/// documented APIs: by name, each value only as a digest that changes with it; never a value in what comes back.
/// </summary>
public sealed class VariableReadTests : IDisposable
{
    private readonly Scratch _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyDictionary<string, VariableState> ByName(PeerResult<IReadOnlyList<VariableState>> read)
    {
        read.Ok.ShouldBeTrue(read.Error);
        return read.Value!.ToDictionary(v => v.Name);
    }

    [Fact]
    public async Task Railway_TheVariablesQuery_ByName_TheValueOnlyAsADigest_Undated()
    {
        await using var h = await RailwayHarness.StartAsync();
        h.Platform.Variables["DATABASE_URL"] = "postgres://u:p4ss@db/shop";

        var first = ByName(await h.Provider.ReadVariablesAsync(CancellationToken.None));
        h.Platform.Variables["DATABASE_URL"] = "postgres://u:p4ss@db2/shop";
        var second = ByName(await h.Provider.ReadVariablesAsync(CancellationToken.None));

        first["DATABASE_URL"].ChangedAt.ShouldBeNull();
        first["DATABASE_URL"].Digest.ShouldNotBe(second["DATABASE_URL"].Digest);
        first["DATABASE_URL"].Digest.ShouldNotContain("p4ss");
        var requests = h.Peer.Requests("Variables");
        requests.Count.ShouldBe(2);
        requests[0].Variables["serviceId"]!.GetValue<string>().ShouldBe(RailwayPeer.ServiceId);
    }

    [Fact]
    public async Task Vercel_TheProjectsProductionEnv_DatedByUpdatedAt()
    {
        await using var h = await VercelHarness.StartAsync();
        var at = new DateTimeOffset(2026, 12, 3, 17, 55, 0, TimeSpan.Zero);
        h.Peer.Envs.Add(("API_KEY", "sk_live_1", ["production", "preview"], at));
        h.Peer.Envs.Add(("PREVIEW_ONLY", "x", ["preview"], at));

        var read = ByName(await h.Provider.ReadVariablesAsync(CancellationToken.None));

        read.Keys.ShouldBe(["API_KEY"]);
        read["API_KEY"].ChangedAt.ShouldBe(at);
        h.Peer.Requests.ShouldContain(r => r.Path == $"/v10/projects/{VercelPeer.ProjectId}/env" && r.Query["teamId"] == VercelPeer.Team);
    }

    [Fact]
    public async Task Kubernetes_TheContainersEnv_AndTheConfigMapItReads_DatedByManagedFields()
    {
        var platform = FakePlatform.WithHistory(3);
        var peer = await KubernetesPeer.StartAsync(platform);
        await using var server = peer.Server;
        peer.ConfigMap = new() { ["FEATURE_LIMIT"] = "10" };
        peer.ConfigMapWrittenAt = new DateTimeOffset(2026, 12, 3, 17, 50, 0, TimeSpan.Zero);
        using var http = ResilientClient.Create();
        var provider = new KubernetesProvider(http, KubernetesProviderTests.Options(peer.Server.BaseAddress), TimeProvider.System, new ListLogger<KubernetesProvider>());

        var first = ByName(await provider.ReadVariablesAsync(CancellationToken.None));
        peer.ConfigMap["FEATURE_LIMIT"] = "1";
        var second = ByName(await provider.ReadVariablesAsync(CancellationToken.None));

        first.Keys.Order().ShouldBe(["FEATURE_LIMIT", "LOG_LEVEL"]);
        first["FEATURE_LIMIT"].ChangedAt.ShouldBe(peer.ConfigMapWrittenAt);
        first["LOG_LEVEL"].ChangedAt.ShouldBe(peer.DeploymentWrittenAt);
        second["FEATURE_LIMIT"].Digest.ShouldNotBe(first["FEATURE_LIMIT"].Digest);
        second["LOG_LEVEL"].Digest.ShouldBe(first["LOG_LEVEL"].Digest);
    }

    [Fact]
    public async Task Kubernetes_RoleWithoutConfigMaps_TheReadFailsSayingWhatToAddToTheRole()
    {
        var peer = await KubernetesPeer.StartAsync(FakePlatform.WithHistory(3));
        await using var server = peer.Server;
        (peer.ConfigMap, peer.ForbidConfigMaps) = (new() { ["FEATURE_LIMIT"] = "10" }, true);
        using var http = ResilientClient.Create();
        var provider = new KubernetesProvider(http, KubernetesProviderTests.Options(peer.Server.BaseAddress), TimeProvider.System, new ListLogger<KubernetesProvider>());

        var read = await provider.ReadVariablesAsync(CancellationToken.None);

        read.Ok.ShouldBeFalse();
        var error = read.Error.ShouldNotBeNull();
        error.ShouldContain($"may not get configmaps/{KubernetesPeer.ConfigMapName} in namespace {KubernetesPeer.Namespace}");
        error.ShouldContain("add it to the Role (deploy/kubernetes/role.yaml): configmaps (get)");
        error.ShouldContain("cannot get resource \"configmaps\"");
        error.ShouldNotContain(KubernetesPeer.Token);
    }

    [Fact]
    public async Task Command_TheVariablesCommandsNameValueLines_AndAFailureNeverShowsTheOutput()
    {
        var runner = new CommandRunner(TimeProvider.System, NullLogger<CommandRunner>.Instance);
        CommandProvider Provider(string variables) => new(new CommandProviderOptions
        {
            WorkingDirectory = _dir.Root, List = "echo d1", Current = "echo d1", Rollback = "true", Variables = variables,
        }, runner, new Redactor([]), NullLogger<CommandProvider>.Instance);

        var read = ByName(await Provider("printf '# vars\\nAPI_KEY=sk_live_2\\n\\nEMPTY=\\nURL=a=b\\n'").ReadVariablesAsync(CancellationToken.None));
        await File.WriteAllTextAsync(Path.Combine(_dir.Root, "vars.sh"), "echo SECRET=hunter2\nexit 3\n");
        var failed = await Provider("sh vars.sh").ReadVariablesAsync(CancellationToken.None);

        read.Keys.Order().ShouldBe(["API_KEY", "EMPTY", "URL"]);
        read["URL"].Digest.ShouldBe(VariableDigest.Of("a=b"));
        failed.Ok.ShouldBeFalse();
        failed.Error!.ShouldContain("exited 3");
        failed.Error!.ShouldContain("its output is not shown");
        failed.Error!.ShouldNotContain("hunter2", Case.Sensitive);
    }
}
