using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Railway;

/// <summary>A <see cref="RailwayPeer"/> and a provider pointed at it through the host's resilience pipeline, as the conformance suite wires them.</summary>
internal sealed class RailwayHarness : IAsyncDisposable
{
    private readonly TestPeer _server;
    private readonly HttpClient _http;

    private RailwayHarness(RailwayPeer peer, TestPeer server, HttpClient http, RailwayOptions options)
    {
        Peer = peer;
        _server = server;
        _http = http;
        Options = options;
        Provider = new RailwayProvider(http, options, TimeProvider.System, Log);
    }

    public RailwayPeer Peer { get; }

    public FakePlatform Platform => Peer.Platform;

    public RailwayOptions Options { get; }

    public RailwayProvider Provider { get; }

    public ListLogger<RailwayProvider> Log { get; } = new();

    /// <param name="issued">The kind of token the peer issued; <paramref name="options"/> may claim another.</param>
    public static async Task<RailwayHarness> StartAsync(FakePlatform? platform = null, RailwayTokenKind issued = RailwayTokenKind.Account,
        Action<RailwayPeer>? peer = null, Action<RailwayOptions>? options = null)
    {
        var railway = new RailwayPeer(platform ?? FakePlatform.WithHistory(5), issued);
        peer?.Invoke(railway);
        var server = await railway.StartAsync();
        var resilience = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryAfter = TimeSpan.FromSeconds(3),
            CircuitBreaker = false,
        };
        var http = new HttpClient(new ResilienceHandler(resilience, TimeProvider.System, NullLogger<ResilienceHandler>.Instance) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var configured = RailwayPeer.Options(server.BaseAddress, issued);
        options?.Invoke(configured);
        return new RailwayHarness(railway, server, http, configured);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
