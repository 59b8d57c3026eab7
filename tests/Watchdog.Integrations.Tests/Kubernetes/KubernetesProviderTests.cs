using System.Net;
using System.Text.Json.Nodes;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary><c>rollout undo</c> semantics beyond the shared suite, against the same peer.</summary>
public sealed class KubernetesProviderTests : IAsyncLifetime
{
    private readonly ListLogger<KubernetesProvider> _log = new();
    private readonly HttpClient _http = ResilientClient.Create();

    private FakePlatform _platform = FakePlatform.WithHistory(5);
    private KubernetesPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await KubernetesPeer.StartAsync(_platform);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _peer.Server.DisposeAsync();
    }

    internal static KubernetesOptions Options(Uri peer) => new()
    {
        ApiUrl = peer,
        Token = KubernetesPeer.Token,
        Namespace = KubernetesPeer.Namespace,
        Deployment = KubernetesPeer.Name,
    };

    private KubernetesProvider Provider(Action<KubernetesOptions>? configure = null, TimeProvider? time = null)
    {
        var options = Options(_peer.Server.BaseAddress);
        configure?.Invoke(options);
        return new KubernetesProvider(_http, options, time ?? TimeProvider.System, _log);
    }

    private async Task UseAsync(FakePlatform platform)
    {
        await _peer.Server.DisposeAsync();
        _platform = platform;
        _peer = await KubernetesPeer.StartAsync(platform);
    }

    private Deployment Release(int i) => new(_platform.Deployments[i].Id, _platform.Deployments[i].Version);

    private IEnumerable<string> Patches => _platform.Requests.Where(r => r.StartsWith("PATCH ", StringComparison.Ordinal));

    [Fact]
    public async Task Rollback_PausedDeployment_RefusedWithResumeItFirstAndNothingPatched()
    {
        _peer.Paused = true;

        var outcome = await Provider().RollbackAsync(Release(2), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("deployment/shop-api is paused; resume it first");
        Patches.ShouldBeEmpty();
        _platform.RollbackRequests.ShouldBe(0);
    }

    [Fact]
    public async Task Rollback_TargetIsAlreadyTheTemplate_SkippedWithoutAPatch()
    {
        var outcome = await Provider().RollbackAsync(Release(0), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldStartWith("skipped rollback (already at target)");
        Patches.ShouldBeEmpty();
        _platform.Requests.ShouldContain("GET /apis/apps/v1/namespaces/shop/deployments/shop-api");
    }

    [Fact]
    public async Task List_ReplicaSetsWithTheSameLabelsButNotControlledByTheDeployment_AreNeverListedOrLive()
    {
        // Same labels and the live release's very template, and a higher revision: only the owner check tells them apart.
        _peer.ExtraReplicaSets.Add(_peer.ForeignReplicaSet("shop-api-canary-7f9c", copyTemplateOf: "dep-005", ownerUid: "another-deployment-uid"));
        _peer.ExtraReplicaSets.Add(_peer.ForeignReplicaSet("shop-api-orphan-1a2b", copyTemplateOf: "dep-005", ownerUid: KubernetesPeer.Uid, controller: false));
        var provider = Provider();

        var list = (await provider.ListAsync(CancellationToken.None)).ShouldSucceed();
        var live = (await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var refused = await provider.RollbackAsync(new Deployment("shop-api-canary-7f9c", "v5"), CancellationToken.None);

        list.Select(d => d.Id).ShouldBe(["dep-005", "dep-004", "dep-003", "dep-002", "dep-001"]);
        live.ShouldNotBeNull().Id.ShouldBe("dep-005");
        refused.Ok.ShouldBeFalse();
        refused.Detail.ShouldContain("replicaset shop-api-canary-7f9c is not one of deployment/shop-api's ReplicaSets");
        Patches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollback_SendsRolloutUndoPatch_TemplateWithoutHashAndAnnotationsPerKubectl()
    {
        var outcome = await Provider().RollbackAsync(Release(2), CancellationToken.None);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldContain("replicaset dep-003 (revision 3, v3)");
        var patch = _peer.Patches.ShouldHaveSingleItem();
        _peer.ContentTypes.ShouldBe(["application/json-patch+json"]);
        var expected = JsonNode.Parse("""
            [
              {"op": "replace", "path": "/spec/template", "value": {
                "metadata": {"creationTimestamp": null, "labels": {"app.kubernetes.io/name": "shop-api"}, "annotations": {"prometheus.io/scrape": "true"}},
                "spec": {
                  "containers": [
                    {"name": "app", "image": "ghcr.io/example/shop-api:v3",
                     "ports": [{"name": "http", "containerPort": 3000, "protocol": "TCP"}],
                     "env": [{"name": "LOG_LEVEL", "value": "info"}],
                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                     "terminationMessagePath": "/dev/termination-log", "imagePullPolicy": "IfNotPresent"},
                    {"name": "watchdog", "image": "ghcr.io/example/watchdog:1.0.0", "resources": {}}
                  ],
                  "restartPolicy": "Always", "terminationGracePeriodSeconds": 60, "dnsPolicy": "ClusterFirst", "securityContext": {}
                }}},
              {"op": "replace", "path": "/metadata/annotations", "value": {
                "deployment.kubernetes.io/revision": "5",
                "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"shop-api\"}}",
                "kubernetes.io/change-cause": "deploy v3",
                "team.example.com/owner": "payments"
              }}
            ]
            """);
        // The revision and last-applied configuration stay the Deployment's; the ReplicaSet's own revision,
        // desired-replicas and max-replicas are not copied; everything else comes from the ReplicaSet.
        JsonPatchApplier.Canonical(patch).ShouldBe(JsonPatchApplier.Canonical(expected));
        _platform.RollbackTargets.ShouldBe(["dep-003"]);
        _platform.Requests.Count(r => r.StartsWith("PATCH ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task GetLive_RolloutNotComplete_PreviousReplicaSetStaysLiveUntilItIs()
    {
        _platform.LooksUntilLive = 3;
        var provider = Provider();
        (await provider.RollbackAsync(Release(2), CancellationToken.None)).Ok.ShouldBeTrue();

        var first = (await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var second = (await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var done = (await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        // The target already has the highest revision while rolling out: revision order alone would call it live too early.
        _peer.RevisionOf("dep-003").ShouldBe(6);
        first.ShouldNotBeNull().Id.ShouldBe("dep-005");
        second.ShouldNotBeNull().Id.ShouldBe("dep-005");
        done.ShouldNotBeNull().Id.ShouldBe("dep-003");
        done.Version.ShouldBe("v3");
        ((await provider.ListAsync(CancellationToken.None)).ShouldSucceed()).Select(d => d.Id).ShouldBe(["dep-003", "dep-005", "dep-004", "dep-002", "dep-001"]);
    }

    [Fact]
    public async Task Rollback_ServerErrorOnThePatch_ReportedWithTheStatusMessageAndNotSentAgain()
    {
        _peer.PatchRefusal = (HttpStatusCode.InternalServerError, "InternalError", "Internal error occurred: etcdserver: leader changed");

        var outcome = await Provider().RollbackAsync(Release(1), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("Kubernetes refused the rollback of deployment/shop-api to replicaset dep-004");
        outcome.Detail.ShouldContain("HTTP 500 InternalError: Internal error occurred: etcdserver: leader changed");
        _peer.Patches.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Rollback_Forbidden_FailureCarriesTheStatusMessageWithTheTokenMasked()
    {
        _peer.PatchRefusal = (HttpStatusCode.Forbidden, "Forbidden",
            "deployments.apps \"shop-api\" is forbidden: User \"system:serviceaccount:shop:watchdog\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"shop\" (token " + KubernetesPeer.Token + ")");

        var outcome = await Provider().RollbackAsync(Release(1), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("HTTP 403 Forbidden: deployments.apps \"shop-api\" is forbidden: User \"system:serviceaccount:shop:watchdog\" cannot patch resource");
        outcome.Detail.ShouldContain("(token ***)");
        outcome.Detail.ShouldNotContain(KubernetesPeer.Token);
        _log.All.ShouldNotContain(KubernetesPeer.Token);
    }

    [Fact]
    public async Task Rollback_ReplicaSetWithoutRevision_RefusedAsRolloutUndoWould()
    {
        var t = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);
        await UseAsync(new FakePlatform([new FakeDeployment("dep-2", "v2", t), new FakeDeployment("dep-1", "v1", t.AddHours(-1), CanRollback: false)]));

        var outcome = await Provider().RollbackAsync(new Deployment("dep-1", "v1"), CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("replicaset dep-1 has no deployment.kubernetes.io/revision annotation");
        _peer.Patches.ShouldBeEmpty();
    }

    [Fact]
    public async Task List_AsksWithTheDeploymentsSelectorOnEveryPage()
    {
        await UseAsync(FakePlatform.WithHistory(45));

        var list = (await Provider().ListAsync(CancellationToken.None)).ShouldSucceed();

        list.Count.ShouldBe(45);
        _peer.Selectors.Count.ShouldBe(3);
        _peer.Selectors.ShouldAllBe(s => s == "app.kubernetes.io/name=shop-api");
    }

    [Fact]
    public async Task VersionAndVariables_NamedContainerAfterTheSidecar_UseTheAppContainer()
    {
        _peer.SidecarFirst = true;
        var provider = Provider(o => o.Container = "app");

        var live = (await provider.GetLiveAsync(CancellationToken.None)).ShouldSucceed();
        var set = await provider.SetVariableAsync("FEATURE_NEW_CHECKOUT", "false", CancellationToken.None);

        live.ShouldNotBeNull().Version.ShouldBe("v5");
        set.Ok.ShouldBeTrue(set.Detail);
        set.Detail.ShouldContain("on container app of deployment/shop-api");
        _platform.Variables["FEATURE_NEW_CHECKOUT"].ShouldBe("false");
        JsonPatchApplier.Canonical(_peer.Patches.ShouldHaveSingleItem()).ShouldBe(JsonPatchApplier.Canonical(JsonNode.Parse("""
            [
              {"op": "test", "path": "/spec/template/spec/containers/1/name", "value": "app"},
              {"op": "add", "path": "/spec/template/spec/containers/1/env/-", "value": {"name": "FEATURE_NEW_CHECKOUT", "value": "false"}}
            ]
            """)));
    }

    [Fact]
    public async Task SetVariable_ExistingVariable_ReplacedInPlaceAndTheSameValueAgainPatchesNothing()
    {
        var provider = Provider();
        (await provider.SetVariableAsync("MAINTENANCE_MODE", "true", CancellationToken.None)).Ok.ShouldBeTrue();

        var off = await provider.SetVariableAsync("MAINTENANCE_MODE", "false", CancellationToken.None);
        var again = await provider.SetVariableAsync("MAINTENANCE_MODE", "false", CancellationToken.None);

        off.Ok.ShouldBeTrue(off.Detail);
        _platform.Variables["MAINTENANCE_MODE"].ShouldBe("false");
        JsonPatchApplier.Canonical(_peer.Patches[1]).ShouldBe(JsonPatchApplier.Canonical(JsonNode.Parse("""
            [
              {"op": "test", "path": "/spec/template/spec/containers/0/name", "value": "app"},
              {"op": "test", "path": "/spec/template/spec/containers/0/env/1/name", "value": "MAINTENANCE_MODE"},
              {"op": "replace", "path": "/spec/template/spec/containers/0/env/1", "value": {"name": "MAINTENANCE_MODE", "value": "false"}}
            ]
            """)));
        again.Ok.ShouldBeTrue(again.Detail);
        again.Detail.ShouldContain("nothing to change");
        _peer.Patches.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TokenFile_Rotated_TheNextRequestCarriesTheNewToken()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("token", "token-one\n");
        _peer.ExpectedToken = "token-one";
        var provider = Provider(o => (o.Token, o.TokenFile) = (null, file));
        ((await provider.ListAsync(CancellationToken.None)).ShouldSucceed()).ShouldNotBeEmpty();

        File.WriteAllText(file, "token-two\n");
        File.SetLastWriteTimeUtc(file, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _peer.ExpectedToken = "token-two";

        ((await provider.ListAsync(CancellationToken.None)).ShouldSucceed()).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task TokenFile_ChangedBehindAnUnchangedTimestamp_ReadAgainOnceAMinuteOld()
    {
        using var dir = new TempDirectory();
        var stamp = new DateTime(2026, 11, 21, 3, 0, 0, DateTimeKind.Utc);
        var file = dir.Write("token", "token-one");
        File.SetLastWriteTimeUtc(file, stamp);
        var clock = new ManualTimeProvider();
        _peer.ExpectedToken = "token-one";
        var provider = Provider(o => (o.Token, o.TokenFile) = (null, file), clock);
        (await provider.ListAsync(CancellationToken.None)).ShouldSucceed();

        File.WriteAllText(file, "token-two");
        File.SetLastWriteTimeUtc(file, stamp);
        _peer.ExpectedToken = "token-two";

        var stale = (await provider.ListAsync(CancellationToken.None)).ShouldFail();
        clock.Advance(BearerToken.MaxAge);
        ((await provider.ListAsync(CancellationToken.None)).ShouldSucceed()).ShouldNotBeEmpty();
        stale.ShouldContain("HTTP 401");
    }

    [Fact]
    public async Task Namespace_FromTheServiceAccountFile_UsedInEveryPath()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("namespace", KubernetesPeer.Namespace + "\n");

        var live = (await Provider(o => (o.Namespace, o.NamespaceFile) = (null, file)).GetLiveAsync(CancellationToken.None)).ShouldSucceed();

        live.ShouldNotBeNull().Id.ShouldBe("dep-005");
        _platform.Requests.ShouldBe(["GET /apis/apps/v1/namespaces/shop/deployments/shop-api", "GET /apis/apps/v1/namespaces/shop/replicasets"]);
    }

    [Fact]
    public async Task GetLive_Unauthorized_FailsWithTheRequestAndStatusButNoToken()
    {
        _peer.ExpectedToken = "some-other-token";

        var e = (await Provider().GetLiveAsync(CancellationToken.None)).ShouldFail();

        e.ShouldBe("Kubernetes API GET /apis/apps/v1/namespaces/shop/deployments/shop-api: HTTP 401 Unauthorized: Unauthorized");
        e.ShouldNotContain(KubernetesPeer.Token);
    }

    [Fact]
    public async Task GetLive_DeploymentMissing_FailsWithTheNotFoundMessage()
    {
        var e = (await Provider(o => o.Deployment = "checkout").GetLiveAsync(CancellationToken.None)).ShouldFail();

        e.ShouldContain("HTTP 404 NotFound: deployments.apps \"checkout\" not found");
    }
}
