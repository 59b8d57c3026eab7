using Watchdog.Integrations.Http;
using System.Net;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>The live ReplicaSet's pod logs kept as evidence, against the peer's pods and kubelet-like log endpoint.</summary>
public sealed class KubernetesLiveLogsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    private readonly ListLogger<KubernetesProvider> _log = new();
    private readonly HttpClient _http = ResilientClient.Create();
    private readonly FakePlatform _platform = FakePlatform.WithHistory(5);
    private KubernetesPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await KubernetesPeer.StartAsync(_platform);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _peer.Server.DisposeAsync();
    }

    private KubernetesProvider Provider() =>
        new(_http, KubernetesProviderTests.Options(_peer.Server.BaseAddress), TimeProvider.System, _log);

    private static string At(int second) => T0.AddSeconds(second).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + ".000000000Z";

    private IEnumerable<string> LogRequestsOf(string pod) => _peer.LogRequests.Where(r => r.Contains($"/pods/{pod}/log", StringComparison.Ordinal));

    [Fact]
    public async Task LiveLogs_LiveReplicaSetsPods_NewestLinesOfAllInTimeOrderPrefixedWithThePod_OldReleasesPodsNeverRead()
    {
        _peer.AddPod("dep-005", "a1b2c").Log.AddRange(FakePod.Printed(T0, "GET /checkout 500", "error: payment client timeout"));
        _peer.AddPod("dep-005", "d3e4f").Log.AddRange(FakePod.Printed(T0.AddMilliseconds(500), "GET /cart 200", "GET /checkout 500"));
        // Still terminating after the rollout, same app label: only the hash in the selector keeps it out.
        _peer.AddPod("dep-004", "zz9y8", p => p.Ready = false).Log.AddRange(FakePod.Printed(T0.AddSeconds(5), "old release: shutting down"));

        var lines = await Provider().LiveLogsAsync(50, CancellationToken.None);

        lines.ShouldBe([
            $"[dep-005-a1b2c] {At(0)} GET /checkout 500",
            $"[dep-005-d3e4f] {At(0)[..20]}500000000Z GET /cart 200",
            $"[dep-005-a1b2c] {At(1)} error: payment client timeout",
            $"[dep-005-d3e4f] {At(1)[..20]}500000000Z GET /checkout 500",
        ]);
        _peer.Selectors.Last().ShouldStartWith("app.kubernetes.io/name=shop-api,pod-template-hash=");
        LogRequestsOf("dep-004-zz9y8").ShouldBeEmpty();
        _peer.LogRequests.ShouldAllBe(r => r.Contains("container=app&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiveLogs_LongLog_AsksForTheTailOnlyAndKeepsTheNewestLines()
    {
        _peer.AddPod("dep-005", "a1b2c").Log.AddRange(FakePod.Printed(T0, [.. Enumerable.Range(0, 500).Select(i => $"request {i}")]));

        var lines = await Provider().LiveLogsAsync(20, CancellationToken.None);

        lines.Count.ShouldBe(20);
        lines[0].ShouldBe($"[dep-005-a1b2c] {At(480)} request 480");
        lines[^1].ShouldBe($"[dep-005-a1b2c] {At(499)} request 499");
        _peer.LogRequests.ShouldBe(["/api/v1/namespaces/shop/pods/dep-005-a1b2c/log?container=app&tailLines=20&limitBytes=65536&timestamps=true"]);
    }

    [Fact]
    public async Task LiveLogs_CrashLoopingPodAmongHealthyOnes_ChosenAndItsPreviousRunRead()
    {
        for (var i = 0; i < 3; i++)
        {
            var minute = i;
            _peer.AddPod("dep-005", $"ok00{i}", p => p.CreatedAt = T0.AddMinutes(-10 + minute)).Log.AddRange(FakePod.Printed(T0.AddSeconds(30), $"healthy {i}"));
        }

        _peer.AddPod("dep-005", "crash", p =>
        {
            p.CreatedAt = T0.AddMinutes(-20);
            p.Ready = false;
            p.Restarts = 4;
            p.PreviousLog = FakePod.Printed(T0, "starting shop-api v5", "panic: assignment to entry in nil map", "goroutine 1 [running]");
        }).Log.AddRange(FakePod.Printed(T0.AddSeconds(20), "starting shop-api v5"));

        var lines = await Provider().LiveLogsAsync(50, CancellationToken.None);

        lines.ShouldContain($"[dep-005-crash] {At(1)} panic: assignment to entry in nil map");
        lines.Take(4).ShouldBe([
            $"[dep-005-crash] {At(0)} starting shop-api v5",
            $"[dep-005-crash] {At(1)} panic: assignment to entry in nil map",
            $"[dep-005-crash] {At(2)} goroutine 1 [running]",
            $"[dep-005-crash] {At(20)} starting shop-api v5",
        ]);
        LogRequestsOf("dep-005-crash").Count(r => r.EndsWith("&previous=true", StringComparison.Ordinal)).ShouldBe(1);
        // Three pods at most: the oldest healthy one is left out.
        LogRequestsOf("dep-005-ok000").ShouldBeEmpty();
        lines.Count(l => l.Contains("healthy", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task LiveLogs_ContainerWaitingToRestart_ItsLastRunKeptOnceThoughBothRequestsAnswerIt()
    {
        _peer.AddPod("dep-005", "crash", p =>
        {
            p.Ready = false;
            p.Restarts = 7;
            p.Waiting = "CrashLoopBackOff";
            p.PreviousLog = FakePod.Printed(T0, "listening on :3000", "fatal: DATABASE_URL is not set");
        });

        var lines = await Provider().LiveLogsAsync(50, CancellationToken.None);

        lines.ShouldBe([$"[dep-005-crash] {At(0)} listening on :3000", $"[dep-005-crash] {At(1)} fatal: DATABASE_URL is not set"]);
        LogRequestsOf("dep-005-crash").Count().ShouldBe(2);
    }

    [Fact]
    public async Task LiveLogs_PodThatNeverStarted_NoteSaysWhyAndTheOtherPodsLinesFollow()
    {
        _peer.AddPod("dep-005", "pull", p => (p.Ready, p.Waiting) = (false, "ImagePullBackOff"));
        _peer.AddPod("dep-005", "a1b2c").Log.AddRange(FakePod.Printed(T0, "GET /checkout 500"));

        var lines = await Provider().LiveLogsAsync(50, CancellationToken.None);

        lines.Count.ShouldBe(2);
        lines[0].ShouldStartWith("[dep-005-pull] no log: ");
        lines[0].ShouldContain("HTTP 400 BadRequest: container \"app\" in pod \"dep-005-pull\" is waiting to start: ImagePullBackOff");
        lines[1].ShouldBe($"[dep-005-a1b2c] {At(0)} GET /checkout 500");
    }

    [Fact]
    public async Task LiveLogs_NoPodHasALog_ThrowsWithWhyEachHasNone()
    {
        _peer.AddPod("dep-005", "new01", p => (p.Ready, p.Waiting) = (false, "ContainerCreating"));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Provider().LiveLogsAsync(50, CancellationToken.None));

        e.Message.ShouldStartWith("no log of deployment/shop-api's pods could be read: [dep-005-new01] no log: ");
        e.Message.ShouldContain("is waiting to start: ContainerCreating");
    }

    [Fact]
    public async Task LiveLogs_NoPods_Empty()
    {
        (await Provider().LiveLogsAsync(50, CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false, "forbidden: the service account may not read pods/log in namespace shop; add it to the Role (deploy/kubernetes/role.yaml): pods/log (get).", "cannot get resource \"pods/log\"")]
    [InlineData(true, "forbidden: the service account may not list pods in namespace shop; add it to the Role (deploy/kubernetes/role.yaml): pods (get, list) and pods/log (get).", "cannot list resource \"pods\"")]
    public async Task LiveLogs_RoleLacksPodsOrPodsLog_ForbiddenSaysWhatToAddToTheRole(bool listForbidden, string says, string serverSaid)
    {
        _peer.AddPod("dep-005", "a1b2c").Log.AddRange(FakePod.Printed(T0, "GET /checkout 500"));
        _peer.AddPod("dep-005", "d3e4f").Log.AddRange(FakePod.Printed(T0, "GET /checkout 500"));
        (_peer.ForbidPods, _peer.ForbidLogs) = (listForbidden, !listForbidden);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Provider().LiveLogsAsync(50, CancellationToken.None));

        e.Message.ShouldStartWith(says);
        e.Message.ShouldContain("HTTP 403 Forbidden: ");
        e.Message.ShouldContain(serverSaid);
        e.Message.ShouldNotContain(KubernetesPeer.Token);
        e.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The refusal holds for every pod: the next one is not asked.
        _peer.LogRequests.Count.ShouldBe(listForbidden ? 0 : 1);
    }

    [Fact]
    public async Task LiveLogs_ServerIgnoresLimitBytesAndNeverEnds_ReadStopsAtTheCapWithCompleteLines()
    {
        _peer.AddPod("dep-005", "a1b2c").Log.AddRange(FakePod.Printed(T0, "unused"));
        _peer.EndlessLogs = true;
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var lines = await Provider().LiveLogsAsync(50, safety.Token);

        lines.Count.ShouldBe(50);
        lines[0].ShouldBe("[dep-005-a1b2c] log cut at 65536 bytes: its newest lines are missing");
        lines.Skip(1).ShouldAllBe(l => l.StartsWith("[dep-005-a1b2c] 2026-11-21T03:00:00.", StringComparison.Ordinal) && l.EndsWith(new string('x', 80), StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiveLogs_HungServer_GivesUpWhenTheTokenIsCancelled()
    {
        _peer.AddPod("dep-005", "a1b2c").Log.AddRange(FakePod.Printed(T0, "GET /checkout 500"));
        _peer.HangLogs = true;
        using var cts = new CancellationTokenSource();

        var reading = Provider().LiveLogsAsync(50, cts.Token);
        await _peer.LogRequested.Task;
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => reading);
    }
}
