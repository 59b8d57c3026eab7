using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Vercel;

namespace Watchdog.Integrations.Tests.Vercel;

/// <summary>A <see cref="VercelPeer"/> and a provider pointed at it through the host's resilience pipeline (no breaker), with its log kept.</summary>
internal sealed class VercelHarness : IAsyncDisposable
{
    private readonly HttpClient _http;

    private VercelHarness(VercelPeer peer, VercelOptions options)
    {
        Peer = peer;
        Options = options;
        var resilience = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryAfter = TimeSpan.FromSeconds(3),
            CircuitBreaker = false,
        };
        _http = new HttpClient(new ResilienceHandler(resilience, TimeProvider.System, NullLogger<ResilienceHandler>.Instance) { InnerHandler = new SocketsHttpHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Provider = new VercelProvider(_http, options, TimeProvider.System, Log);
    }

    public VercelPeer Peer { get; }

    public FakePlatform Platform => Peer.Platform;

    public VercelOptions Options { get; }

    public VercelProvider Provider { get; }

    public ListLogger<VercelProvider> Log { get; } = new();

    /// <summary>Every request the peer saw, as "METHOD /path".</summary>
    public IEnumerable<string> Calls => Peer.Requests.Select(r => $"{r.Method} {r.Path}");

    public static VercelOptions OptionsFor(Uri peer, string? teamId, string project = VercelPeer.ProjectId) => new()
    {
        BaseUrl = peer,
        Token = VercelPeer.Token,
        TeamId = teamId,
        ProjectId = project,
    };

    /// <param name="peerTeam">The team owning the project on the peer (null: a personal project).</param>
    /// <param name="configure">Changes to the provider's options (which start with the peer's team).</param>
    public static async Task<VercelHarness> StartAsync(FakePlatform? platform = null, string? peerTeam = VercelPeer.Team, Action<VercelOptions>? configure = null)
    {
        var peer = await VercelPeer.StartAsync(platform ?? FakePlatform.WithHistory(5), peerTeam);
        var options = OptionsFor(peer.Server.BaseAddress, peerTeam);
        configure?.Invoke(options);
        return new VercelHarness(peer, options);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Peer.Server.DisposeAsync();
    }
}
