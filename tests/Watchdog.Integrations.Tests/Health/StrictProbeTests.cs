using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Core.Releases;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Health;

/// <summary>Probes and checks as strict HTTP clients: a 3xx is its own answer, secrets stay on their origin, an unreadable answer is an Error.</summary>
public sealed class StrictProbeTests : IDisposable
{
    private const string ApiKey = "probe-secret-0123456789";
    private readonly HttpClient _http = StrictHttp.CreateClient();
    private readonly WatchedClock _clock = new();
    private int _elsewhereHits;
    private string? _elsewhereKey;

    public void Dispose() => _http.Dispose();

    /// <summary>Another origin (another port), counting what reaches it and keeping any X-Api-Key it was sent.</summary>
    private Task<TestPeer> Elsewhere() => TestPeer.StartAsync(app => app.Map("/{**path}", (HttpRequest r) =>
    {
        Interlocked.Increment(ref _elsewhereHits);
        _elsewhereKey ??= r.Headers["X-Api-Key"].FirstOrDefault();
        return Results.Json(new { status = "ok", version = "v1" });
    }));

    private static Task<TestPeer> Redirecting(TestPeer target) =>
        TestPeer.StartAsync(app => app.Map("/{**path}", () => Results.Redirect(target.Url("health").ToString())));

    private static Task<TestPeer> Raw(Func<HttpContext, Task> health) => TestPeer.StartAsync(app => app.MapGet("/health", health));

    private HealthProbeSource Source(Uri url) =>
        new(_http, new HealthOptions { Url = url, Headers = { ["X-Api-Key"] = ApiKey } }, _clock, new ListLogger<HealthProbeSource>());

    private static Reading Get(IReadOnlyList<Reading> readings, Signal signal) => readings.Single(r => r.Signal == signal);

    /// <summary>A 200 with one 100 KB header: past the client's 64 KiB.</summary>
    private static Task HugeHeader(HttpContext c)
    {
        c.Response.Headers["X-Padding"] = new string('a', 100 * 1024);
        return c.Response.WriteAsJsonAsync(new { status = "ok" });
    }

    [Fact]
    public async Task Probe_302ToAnotherPort_IsJudgedAsThe302AndTheSecretStaysHome()
    {
        await using var elsewhere = await Elsewhere();
        await using var redirecting = await Redirecting(elsewhere);

        var readings = await Source(redirecting.Url("health")).ReadAsync(CancellationToken.None);

        _elsewhereHits.ShouldBe(0, "the redirect was followed");
        _elsewhereKey.ShouldBeNull();
        Get(readings, Signal.Availability).Value.ShouldBe(0);
        Get(readings, Signal.ErrorRate).Value.ShouldBe(1);
        Get(readings, Signal.Up).Value.ShouldBe(1); // it answered, with a 302
    }

    [Fact]
    public async Task Probe_StatusNotValidUtf8_IsAnErrorNamingTheEncodingAndTheSourceSeesOnAfterwards()
    {
        var garbled = 1;
        await using var peer = await Raw(async c =>
        {
            c.Response.ContentType = "application/json";
            var body = Interlocked.Exchange(ref garbled, 0) == 1 ? "{\"status\":\"ok\xFF\"}" : "{\"status\":\"ok\"}";
            await c.Response.Body.WriteAsync(Encoding.Latin1.GetBytes(body)); // Latin-1: 0xFF goes out as one invalid UTF-8 byte
        });
        var source = Source(peer.Url("health"));

        var first = await source.ReadAsync(CancellationToken.None);
        var second = await source.ReadAsync(CancellationToken.None);

        first.ShouldAllBe(r => r.State == ReadingState.Error);
        Get(first, Signal.Up).Reason.ShouldBe("health probe answer unreadable: HTTP 200, but status is not valid UTF-8");
        Get(second, Signal.Availability).ShouldSatisfyAllConditions(r => r.Value.ShouldBe(1), r => r.Samples.ShouldBe(1)); // the unreadable probe counts for nothing
        Get(second, Signal.Up).Value.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_InvalidUtf8OutsideTheStatus_IsJudgedByTheStatus()
    {
        await using var peer = await Raw(c => c.Response.Body.WriteAsync(Encoding.Latin1.GetBytes("{\"Z\xFCrich\":\"up\",\"status\":\"degraded\"}")).AsTask());

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        Get(readings, Signal.Availability).Value.ShouldBe(0);
        Get(readings, Signal.Up).Value.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_200WithHeadersOverTheLimit_IsAnErrorNamingTheLimitNotNoAnswer()
    {
        await using var peer = await Raw(HugeHeader);

        var readings = await Source(peer.Url("health")).ReadAsync(CancellationToken.None);

        readings.ShouldAllBe(r => r.State == ReadingState.Error);
        Get(readings, Signal.Up).Reason.ShouldBe("health probe answer unreadable: response headers exceed the 64 KiB limit");
    }

    [Fact]
    public async Task Verify_HeadersOverTheLimit_CountAsFailedMeasurementsNotAsUnreachable()
    {
        await using var peer = await Raw(HugeHeader);
        var health = new HealthOptions { Url = peer.Url("health"), Timeout = TimeSpan.FromSeconds(2) };
        var options = new VerificationOptions { Window = TimeSpan.FromSeconds(10), Interval = TimeSpan.FromSeconds(5) };
        var verifier = new HealthVerifier(_http, health, options, _clock, new ListLogger<HealthVerifier>());

        var outcome = await _clock.DriveAsync(verifier.VerifyAsync(new Deployment("d1", "v1"), CancellationToken.None), due => due != health.Timeout);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldContain("could not be measured (response headers exceed the 64 KiB limit)");
        outcome.Detail.ShouldNotContain("unreachable");
    }

    [Fact]
    public async Task Verify_Latin1BytesBesideAnOkStatus_PassesInsteadOfThrowing()
    {
        await using var peer = await Raw(c => c.Response.Body.WriteAsync(Encoding.Latin1.GetBytes("{\"Z\xFCrich\":\"up\",\"status\":\"ok\"}")).AsTask());
        var health = new HealthOptions { Url = peer.Url("health"), Timeout = TimeSpan.FromSeconds(2) };
        var options = new VerificationOptions { Window = TimeSpan.FromSeconds(10), Interval = TimeSpan.FromSeconds(5) };
        var verifier = new HealthVerifier(_http, health, options, _clock, new ListLogger<HealthVerifier>());

        var outcome = await _clock.DriveAsync(verifier.VerifyAsync(new Deployment("d1", "v1"), CancellationToken.None), due => due != health.Timeout);

        outcome.Ok.ShouldBeTrue(outcome.Detail); // the rollback worked: it is not escalated as "did not help"
        outcome.Detail.ShouldStartWith("health 3/3 healthy");
    }

    [Fact]
    public async Task Verify_VersionEndpointOnAnotherOrigin_GetsNoSecretHeader()
    {
        await using var elsewhere = await Elsewhere();
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var health = new HealthOptions { Url = peer.Url("health"), Timeout = TimeSpan.FromSeconds(2), Headers = { ["X-Api-Key"] = ApiKey } };
        var options = new VerificationOptions { Window = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromSeconds(5), VersionUrl = elsewhere.Url("version") };
        var verifier = new HealthVerifier(_http, health, options, _clock, new ListLogger<HealthVerifier>());

        var outcome = await _clock.DriveAsync(verifier.VerifyAsync(new Deployment("d1", "v1"), CancellationToken.None), due => due != health.Timeout);

        outcome.Ok.ShouldBeTrue(outcome.Detail);
        _elsewhereHits.ShouldBe(1);
        _elsewhereKey.ShouldBeNull();
    }

    [Fact]
    public async Task SmokeTest_302ToAnotherPort_FailsAsThe302AndPostsNothingThere()
    {
        await using var elsewhere = await Elsewhere();
        await using var redirecting = await Redirecting(elsewhere);
        var check = new HttpCheckTask(_http, new HttpCheckOptions
        {
            Name = "smoke: login", Method = "POST", Url = redirecting.Url("api/auth/login"), Body = """{"password":"x"}""",
            Headers = { ["X-Api-Key"] = ApiKey },
        }, _clock, new ListLogger<HttpCheckTask>());

        var outcome = await check.RunAsync(CancellationToken.None);

        outcome.Ok.ShouldBeFalse();
        outcome.Detail.ShouldStartWith("POST /api/auth/login → 302 in ");
        outcome.Detail.ShouldEndWith(", expected 200");
        _elsewhereHits.ShouldBe(0);
    }

    [Fact]
    public async Task KubernetesClient_DoesNotFollowARedirect()
    {
        await using var elsewhere = await Elsewhere();
        await using var redirecting = await Redirecting(elsewhere);
        using var http = new HttpClient(KubernetesTls.CreateHandler(new KubernetesOptions { CaFile = "" }));
        using var request = new HttpRequestMessage(HttpMethod.Get, redirecting.Url("apis/apps/v1/namespaces/default/deployments/api"));
        request.Headers.Authorization = new("Bearer", ApiKey);

        using var response = await http.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(302);
        _elsewhereHits.ShouldBe(0);
    }
}
