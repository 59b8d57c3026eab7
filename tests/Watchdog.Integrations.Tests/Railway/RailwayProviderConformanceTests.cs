using Watchdog.Core.Ports;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>The shared provider conformance suite, against Railway's GraphQL API as <see cref="RailwayPeer"/> speaks it.</summary>
public sealed class RailwayProviderConformanceTests : ProviderConformance
{
    private RailwayPeer? _railway;

    protected override string Secret => RailwayPeer.Token;

    protected override async Task<TestPeer> StartPeerAsync(FakePlatform platform)
    {
        _railway = new RailwayPeer(platform);
        return await _railway.StartAsync();
    }

    protected override IDeploymentProvider CreateProvider(Uri peer, HttpClient http, TimeProvider time) =>
        new RailwayProvider(http, RailwayPeer.Options(peer), time);

    /// <summary>Railway applies a variable only through a new deployment: exactly one, of what was live.</summary>
    protected override void AssertVariableSet(string name, string value)
    {
        base.AssertVariableSet(name, value);
        _railway.ShouldNotBeNull().Redeployed.ShouldBe([Platform.LiveId]);
        _railway.ImplicitDeploys.ShouldBe(0);
        Platform.Restarts.ShouldBe(1);
    }
}
