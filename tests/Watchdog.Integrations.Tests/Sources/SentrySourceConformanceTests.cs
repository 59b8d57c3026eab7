using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Tests.Sentry;

namespace Watchdog.Integrations.Tests.Sources;

/// <summary>The signal source suite against Sentry's events-stats and sessions endpoints.</summary>
public sealed class SentrySourceConformanceTests : SignalSourceConformance
{
    private SentryPeer _sentry = null!;

    protected override string Secret => SentryPeer.Token;

    protected override Uri PeerUrl => _sentry.BaseUrl;

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front)
    {
        _sentry = await SentryPeer.StartAsync(Clock, front: front);
        _sentry.Errors = _ => SentryPeer.Stats(2, 1, 0, 0, 1);
        _sentry.Transactions = _ => SentryPeer.Stats(100, 120, 90, 110, 100);
        _sentry.Sessions = _ => SentryPeer.SessionTotals(400, 0.995);
        return _sentry;
    }

    protected override ISignalSource CreateSource(Uri baseUrl)
    {
        var options = _sentry.Options(o => o.Timeout = Deadline);
        options.BaseUrl = baseUrl;
        return new SentrySource(Http, options, Clock, NullLogger<SentrySource>.Instance);
    }
}
