using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Sources;

/// <summary>The signal source suite against a service's health endpoint, probed with a bearer token.</summary>
public sealed class HealthProbeSourceConformanceTests : SignalSourceConformance
{
    private const string Token = "hp-Pr0beT0ken-c41f";

    private TestPeer _service = null!;

    protected override string Secret => Token;

    protected override Uri PeerUrl => _service.Url("health");

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) => _service = await TestPeer.StartAsync(
        app => app.MapGet("/health", (HttpRequest r) => r.Headers.Authorization == "Bearer " + Token
            ? Results.Text("""{"status":"ok"}""", "application/json")
            : Results.StatusCode(401)),
        front.Middleware);

    protected override ISignalSource CreateSource(Uri baseUrl) => new HealthProbeSource(Http,
        new HealthOptions { Url = baseUrl, Timeout = Deadline, Headers = { ["Authorization"] = "Bearer " + Token } }, Clock, NullLogger<HealthProbeSource>.Instance);

    /// <summary>
    /// A probe never fails to measure: what the endpoint did is the measurement. An answer that is not 2xx is
    /// unavailable but up; no answer is down; a 2xx whose body is not JSON is healthy, as <see cref="HealthOptions.StatusField"/>
    /// documents (only a readable status field can overrule a 2xx).
    /// </summary>
    protected override void AssertFailureReported(IReadOnlyList<Reading> readings, PeerFailure failure)
    {
        readings.ShouldAllBe(r => r.State != ReadingState.Error);
        var (availability, up) = failure switch
        {
            PeerFailure.ServerError or PeerFailure.Unauthorized => (0, 1),
            PeerFailure.Malformed => (1, 1),
            _ => (0, 0),
        };
        readings.Single(r => r.Signal == Signal.Availability).Value.ShouldBe(availability);
        readings.Single(r => r.Signal == Signal.Up).Value.ShouldBe(up);
    }
}
