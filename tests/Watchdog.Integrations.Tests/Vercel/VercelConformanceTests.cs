using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Vercel;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Vercel;

/// <summary>
/// The shared provider conformance suite against a team project named by its name, so every call must carry
/// <c>teamId</c> and the name must be resolved to the project's id before listing or rolling back.
/// </summary>
public sealed class VercelConformanceTests : ProviderConformance
{
    /// <summary>API-NOTES §3 documents no environment-variable or redeploy endpoint, so Vercel refuses plainly.</summary>
    protected override bool SupportsVariables => false;

    protected override string Secret => VercelPeer.Token;

    protected override async Task<TestPeer> StartPeerAsync(FakePlatform platform) =>
        (await VercelPeer.StartAsync(platform, VercelPeer.Team)).Server;

    protected override IDeploymentProvider CreateProvider(Uri peer, HttpClient http, TimeProvider time) =>
        new VercelProvider(http, VercelHarness.OptionsFor(peer, VercelPeer.Team, VercelPeer.ProjectName), time, NullLogger<VercelProvider>.Instance);
}
