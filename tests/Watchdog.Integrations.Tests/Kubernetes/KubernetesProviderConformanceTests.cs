using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Kubernetes;

/// <summary>The shared provider suite against the Kubernetes API peer.</summary>
public sealed class KubernetesProviderConformanceTests : ProviderConformance
{
    protected override string Secret => KubernetesPeer.Token;

    protected override async Task<TestPeer> StartPeerAsync(FakePlatform platform) => (await KubernetesPeer.StartAsync(platform)).Server;

    protected override IDeploymentProvider CreateProvider(Uri peer, HttpClient http, TimeProvider time) =>
        new KubernetesProvider(http, KubernetesProviderTests.Options(peer), time, NullLogger<KubernetesProvider>.Instance);
}
