using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Tests.Health;

public sealed class HealthVerifierTests : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http = new();
    private readonly WatchedClock _clock = new();
    private readonly ListLogger<HealthVerifier> _log = new();
    private int _healthHits;

    public void Dispose() => _http.Dispose();

    /// <summary>A service whose n-th health answer (1-based) is given by <paramref name="health"/>; each takes 30 ms on the test clock.</summary>
    private Task<TestPeer> Service(Func<int, (int Status, string Body)> health, string? versionBody = null, string versionType = "application/json") =>
        TestPeer.StartAsync(app =>
        {
            app.MapGet("/health", () =>
            {
                var (status, body) = health(Interlocked.Increment(ref _healthHits));
                _clock.Advance(TimeSpan.FromMilliseconds(30));
                return Results.Text(body, "application/json", Encoding.UTF8, status);
            });
            if (versionBody is not null)
                app.MapGet("/api/version", () => Results.Text(versionBody, versionType, Encoding.UTF8, 200));
        });

    private static (int, string) Ok(int _) => (200, """{"status":"ok"}""");

    private Task<StepOutcome> Verify(TestPeer peer, string expectedVersion, Action<VerificationOptions>? configure = null)
    {
        var options = new VerificationOptions { Window = TimeSpan.FromSeconds(15), Interval = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var health = new HealthOptions { Url = peer.Url("health"), Timeout = ProbeTimeout };
        var verifier = new HealthVerifier(_http, health, options, _clock, _log);
        var work = verifier.VerifyAsync(new Deployment("dep-2", expectedVersion), CancellationToken.None);
        // Move the clock past each wait between probes; leave request deadlines alone.
        return _clock.DriveAsync(work, due => due != ProbeTimeout);
    }

    [Fact]
    public async Task Verify_AllHealthyAndVersionShown_PassesSayingWhatWasMeasured()
    {
        await using var peer = await Service(Ok, """{"version":"v1","commit":"abc"}""");

        var outcome = await Verify(peer, "v1", o => o.VersionUrl = peer.Url("api/version"));

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldBe("health 4/4 healthy over 15s, p95 30 ms; version endpoint shows v1");
        _healthHits.ShouldBe(4);
    }

    [Fact]
    public async Task Verify_DefaultWindow_ProbesEveryIntervalForAMinute()
    {
        await using var peer = await Service(Ok);

        var outcome = await Verify(peer, "v1", o => { o.Window = TimeSpan.FromMinutes(1); o.Interval = TimeSpan.FromSeconds(5); });

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldStartWith("health 13/13 healthy over 1m");
        _clock.Requested.Where(d => d != ProbeTimeout).ShouldAllBe(d => d > TimeSpan.FromSeconds(4.9) && d <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Verify_VersionEndpointShowsAnotherVersion_FailsNamingWhatItSaw()
    {
        await using var peer = await Service(Ok, "v2\n", "text/plain");

        var outcome = await Verify(peer, "v1", o => o.VersionUrl = peer.Url("api/version"));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldBe("health 4/4 healthy over 15s, p95 30 ms; but version endpoint /api/version shows v2, expected v1");
    }

    [Fact]
    public async Task Verify_VersionJsonWithoutTheField_Fails()
    {
        await using var peer = await Service(Ok, """{"build":"v1"}""");

        var outcome = await Verify(peer, "v1", o => o.VersionUrl = peer.Url("api/version"));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldEndWith("version endpoint /api/version JSON has no \"version\" value");
    }

    [Fact]
    public async Task Verify_VersionEndpointMissing_FailsWithItsStatus()
    {
        await using var peer = await Service(Ok);

        var outcome = await Verify(peer, "v1", o => o.VersionUrl = peer.Url("api/version"));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldEndWith("version endpoint /api/version answered HTTP 404");
    }

    [Fact]
    public async Task Verify_OneUnhealthyProbe_FailsAtOnceWithoutWaitingOutTheWindow()
    {
        await using var peer = await Service(n => n == 2 ? (500, "{}") : Ok(n), """{"version":"v1"}""");

        var outcome = await Verify(peer, "v1", o => o.VersionUrl = peer.Url("api/version"));

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldBe("health probe 2 of 4 unhealthy (HTTP 500); 1/2 healthy so far; max error rate 1% allows 0 failed of 4");
        _healthHits.ShouldBe(2);
    }

    [Fact]
    public async Task Verify_BodySaysDegraded_Fails()
    {
        await using var peer = await Service(n => n == 3 ? (200, """{"status":"degraded"}""") : Ok(n));

        var outcome = await Verify(peer, "v1");

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldStartWith("health probe 3 of 4 unhealthy (HTTP 200, status \"degraded\")");
    }

    [Fact]
    public async Task Verify_ServiceUnreachable_FailsOnTheFirstProbe()
    {
        var health = new HealthOptions { Url = Peers.NothingListening("/health"), Timeout = ProbeTimeout };
        var verifier = new HealthVerifier(_http, health, new VerificationOptions(), _clock, _log);

        var outcome = await _clock.DriveAsync(verifier.VerifyAsync(new Deployment("d", "v1"), CancellationToken.None), d => d != ProbeTimeout);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldStartWith("health probe 1 of 13 unreachable (connection refused)");
    }

    [Fact]
    public async Task Verify_FailureWithinALargerBudget_PassesAndSaysSo()
    {
        await using var peer = await Service(n => n == 2 ? (503, "{}") : Ok(n));

        var outcome = await Verify(peer, "v1", o => o.MaxErrorRate = 0.25);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        outcome.Detail.ShouldBe("health 3/4 healthy over 15s, p95 30 ms (1 failed within the 25% budget; first probe 2: unhealthy (HTTP 503))");
    }

    [Fact]
    public async Task Verify_LastProbeFails_FailsEvenWithinBudget()
    {
        await using var peer = await Service(n => n == 4 ? (500, "{}") : Ok(n));

        var outcome = await Verify(peer, "v1", o => o.MaxErrorRate = 0.25);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldBe("health 3/4 healthy, but the last probe unhealthy (HTTP 500)");
    }

    [Fact]
    public async Task Verify_CallerCancelsDuringTheWindow_Throws()
    {
        await using var peer = await Service(Ok);
        using var cts = new CancellationTokenSource();
        var health = new HealthOptions { Url = peer.Url("health"), Timeout = ProbeTimeout };
        var verifier = new HealthVerifier(_http, health, new VerificationOptions(), _clock, _log);

        var work = verifier.VerifyAsync(new Deployment("d", "v1"), cts.Token);
        await _clock.NextTimerAsync(d => d != ProbeTimeout, 1, work);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => work);
    }
}
