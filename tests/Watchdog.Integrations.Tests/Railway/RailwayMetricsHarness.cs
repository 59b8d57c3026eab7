using Watchdog.Integrations.Railway;
using Watchdog.Integrations.RailwayMetrics;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>A <see cref="RailwayPeer"/> serving HTTP metrics, a manual clock and a source pointed at the peer.</summary>
internal sealed class RailwayMetricsHarness : IAsyncDisposable
{
    private readonly TestPeer _server;
    private readonly HttpClient _http = new();

    private RailwayMetricsHarness(RailwayPeer peer, TestPeer server)
    {
        Peer = peer;
        _server = server;
    }

    public RailwayPeer Peer { get; }

    public ManualTimeProvider Clock { get; } = new(); // 2026-11-21 03:00:00Z

    public ListLogger<RailwayMetricsSource> Log { get; } = new();

    public Uri BaseAddress => _server.BaseAddress;

    public static RailwayMetricsOptions Options(Uri peer, Action<RailwayMetricsOptions>? configure = null, RailwayTokenKind kind = RailwayTokenKind.Account)
    {
        var options = new RailwayMetricsOptions
        {
            Endpoint = new Uri(peer, RailwayPeer.Path.TrimStart('/')),
            Token = RailwayPeer.Token,
            TokenKind = kind,
            ServiceId = RailwayPeer.ServiceId,
            EnvironmentId = RailwayPeer.EnvironmentId,
        };
        configure?.Invoke(options);
        return options;
    }

    public static async Task<RailwayMetricsHarness> StartAsync(RailwayTokenKind issued = RailwayTokenKind.Account)
    {
        var peer = new RailwayPeer(FakePlatform.WithHistory(1), issued);
        return new RailwayMetricsHarness(peer, await peer.StartAsync());
    }

    public RailwayMetricsSource Source(Action<RailwayMetricsOptions>? configure = null, RailwayTokenKind kind = RailwayTokenKind.Account) =>
        new(_http, Options(_server.BaseAddress, configure, kind), Clock, Log);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
