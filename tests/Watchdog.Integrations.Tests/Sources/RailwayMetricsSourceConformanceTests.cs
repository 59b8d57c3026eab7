using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.RailwayMetrics;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Tests.Railway;

namespace Watchdog.Integrations.Tests.Sources;

/// <summary>The signal source suite against Railway's HTTP metrics queries (API-NOTES.md §9).</summary>
public sealed class RailwayMetricsSourceConformanceTests : SignalSourceConformance
{
    private Watchdog.Testing.TestPeer _server = null!;

    protected override string Secret => RailwayPeer.Token;

    protected override Uri PeerUrl => _server.BaseAddress;

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front)
    {
        var railway = new RailwayPeer(FakePlatform.WithHistory(1)) { WindowP95Ms = 180 };
        railway.RequestsByStatus[200] = [120, 110];
        railway.RequestsByStatus[500] = [2, 0];
        _server = await railway.StartAsync(front);
        return _server;
    }

    protected override ISignalSource CreateSource(Uri baseUrl) =>
        new RailwayMetricsSource(Http, RailwayMetricsHarness.Options(baseUrl, o => o.Timeout = Deadline), Clock, NullLogger<RailwayMetricsSource>.Instance);
}
