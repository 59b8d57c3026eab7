using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Webhooks;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class WebhookNotifierTests : IDisposable
{
    private const string Secret = "whsec-0123456789abcdef";

    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly ListLogger<WebhookNotifier> _log = new();

    public void Dispose() => _http.Dispose();

    private WebhookNotifier Notifier(Uri url, string secret = Secret) =>
        new(_http, new WebhookOptions { Url = url, Secret = secret, Name = "ops-hook" }, _clock, _log);

    [Fact]
    public async Task Send_ReceiverChecksSignature_DeliversTheJsonContract()
    {
        await using var receiver = await WebhookPeer.StartAsync(Secret, _clock);
        var notification = SampleIncidents.RollbackInProgress() with { Links = [new("Open incident", new Uri("https://watchdog.test/?incident=x"))] };

        await Notifier(receiver.Url).SendAsync(notification, CancellationToken.None);

        var delivery = receiver.Accepted.ShouldHaveSingleItem();
        var body = delivery.Body;
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["kind", "severity", "service", "incidentId", "title", "text", "lines", "facts", "links", "public", "drill", "sentAt"]);
        body.GetProperty("links")[0].GetProperty("url").GetString().ShouldBe("https://watchdog.test/?incident=x");
        body.GetProperty("public").GetString().ShouldBe(notification.Public);
        body.GetProperty("drill").GetBoolean().ShouldBeFalse();
        body.GetProperty("kind").GetString().ShouldBe("rollback_in_progress");
        body.GetProperty("severity").GetString().ShouldBe("critical");
        body.GetProperty("service").GetString().ShouldBe("checkout");
        body.GetProperty("incidentId").GetString().ShouldBe("20261121-025500-checkout");
        body.GetProperty("title").GetString().ShouldBe("🚨 ROLLBACK IN PROGRESS 🚨");
        body.GetProperty("text").GetString().ShouldBe(notification.Text);
        body.GetProperty("lines").EnumerateArray().Select(l => l.GetString()).ShouldBe(notification.Lines);
        body.GetProperty("sentAt").GetString().ShouldBe("2026-11-21T03:00:00.000Z");

        var facts = body.GetProperty("facts");
        facts.GetProperty("Rule").GetString().ShouldBe("error-rate");
        facts.GetProperty("Measured").GetString().ShouldBe("23.5%");
        facts.GetProperty("Threshold").GetString().ShouldBe("10%");
        facts.GetProperty("Window").GetString().ShouldBe("2m");
        facts.GetProperty("Held for").GetString().ShouldBe("5m");
        facts.GetProperty("From version").GetString().ShouldBe("v2.4.1");
        facts.GetProperty("To version").GetString().ShouldBe("v2.4.0");
        facts.EnumerateObject().Select(p => p.Name).ShouldBe(notification.Facts.Select(f => f.Key));

        delivery.Headers["X-Watchdog-Timestamp"].ToString().ShouldBe("1795230000");
        delivery.Headers["X-Watchdog-Event"].ToString().ShouldBe("rollback_in_progress");
        delivery.Headers["X-Watchdog-Delivery"].ToString().ShouldBe("20261121-025500-checkout:rollback_in_progress");
        delivery.Headers["Idempotency-Key"].ToString().ShouldBe("20261121-025500-checkout:rollback_in_progress");
        delivery.Headers.ContentType.ToString().ShouldBe("application/json; charset=utf-8");
        _log.Lines.ShouldContain(l => l.Contains("took rollback_in_progress"));
    }

    [Fact]
    public void DeliveryKey_TwoProgressUpdatesOfOneIncident_Differ_ARetryOfOneKeepsItsKey()
    {
        var incident = SampleIncidents.CheckoutErrorRate();
        var half = Messages.RollbackProgress(incident, "waiting for railway", TimeSpan.FromMinutes(2), (TimeSpan.FromMinutes(4), 3), null);
        var full = Messages.RollbackProgress(incident, "waiting for railway", TimeSpan.FromMinutes(4), (TimeSpan.FromMinutes(4), 3), null);

        var first = WebhookNotifier.DeliveryKey(half, "rollback_progress");

        first.ShouldStartWith($"{incident.Id}:rollback_progress:");
        WebhookNotifier.DeliveryKey(full, "rollback_progress").ShouldNotBe(first, "a receiver that drops repeats must not drop the next update");
        WebhookNotifier.DeliveryKey(half, "rollback_progress").ShouldBe(first);
        WebhookNotifier.DeliveryKey(SampleIncidents.RollbackInProgress(), "rollback_in_progress").ShouldBe("20261121-025500-checkout:rollback_in_progress");
    }

    [Fact]
    public async Task Send_ClockMoved_TimestampAndSentAtFollowTheTimeProvider()
    {
        await using var receiver = await WebhookPeer.StartAsync(Secret, _clock);
        _clock.Advance(TimeSpan.FromMinutes(90) + TimeSpan.FromMilliseconds(250));

        await Notifier(receiver.Url).SendAsync(SampleIncidents.RollbackInProgress(), CancellationToken.None);

        var delivery = receiver.Accepted.ShouldHaveSingleItem();
        delivery.Headers["X-Watchdog-Timestamp"].ToString().ShouldBe("1795235400");
        delivery.Body.GetProperty("sentAt").GetString().ShouldBe("2026-11-21T04:30:00.250Z");
    }

    [Fact]
    public async Task Send_WrongSecret_ThrowsWith401AndNeitherSecretNorUrl()
    {
        await using var receiver = await WebhookPeer.StartAsync(Secret, _clock);
        const string wrong = "not-the-shared-secret-at-all";

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(receiver.Url, wrong).SendAsync(SampleIncidents.RollbackInProgress(), CancellationToken.None));

        receiver.Accepted.ShouldBeEmpty();
        e.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        e.Message.ShouldBe("Webhook ops-hook at 127.0.0.1 refused the message: HTTP 401 (Unauthorized), bad signature.");
        _log.Lines.ShouldContain(l => l.Contains("HTTP 401"));
        _log.Lines.ShouldAllBe(l => !l.Contains(wrong) && !l.Contains(WebhookPeer.UrlToken));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(204)]
    public async Task Send_ReceiverAnswersAny2xx_Succeeds(int status)
    {
        await using var receiver = await WebhookPeer.StartAsync(Secret, _clock, status, status == 204 ? "" : "queued");

        await Notifier(receiver.Url).SendAsync(SampleIncidents.RollbackInProgress(), CancellationToken.None);

        receiver.Accepted.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Send_ReceiverFailsWithHugeBodyEchoingTheUrl_ThrowsWithBoundedMaskedExcerpt()
    {
        await using var peer = await TestPeer.StartAsync(app => app.MapPost("/hooks/watchdog", (HttpRequest request) =>
            Results.Text($"upstream failed for {request.Path}{request.QueryString} with {Secret}\n" + new string('x', 100_000), "text/plain", statusCode: 502)));
        var url = peer.Url("hooks/watchdog?token=" + WebhookPeer.UrlToken);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(url).SendAsync(SampleIncidents.RollbackInProgress(), CancellationToken.None));

        e.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        e.Message.ShouldStartWith("Webhook ops-hook at 127.0.0.1 refused the message: HTTP 502 (BadGateway), upstream failed for *** with *** xxx");
        e.Reason!.Length.ShouldBeLessThanOrEqualTo(201);
        e.Message.ShouldNotContain(WebhookPeer.UrlToken);
        e.Message.ShouldNotContain(Secret);
    }

    [Fact]
    public async Task Send_RepeatedFactLabel_KeysAreMadeUnique()
    {
        await using var receiver = await WebhookPeer.StartAsync(Secret, _clock);
        var notification = SampleIncidents.RollbackInProgress() with
        {
            Facts = [new("Check", "GET /healthz 200"), new("Check", "GET /api/orders 200"), new("Check", "p95 180 ms")],
        };

        await Notifier(receiver.Url).SendAsync(notification, CancellationToken.None);

        var facts = receiver.Accepted.Single().Body.GetProperty("facts");
        facts.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}")
            .ShouldBe(["Check=GET /healthz 200", "Check (2)=GET /api/orders 200", "Check (3)=p95 180 ms"]);
    }

    [Fact]
    public async Task Send_SignedBody_VerifiesWithWebhookSignatureAsTheDemoReceiverWould()
    {
        await using var receiver = await WebhookPeer.StartAsync(Secret, _clock);

        await Notifier(receiver.Url).SendAsync(SampleIncidents.RollbackInProgress(), CancellationToken.None);

        var d = receiver.Accepted.Single();
        WebhookSignature.Verify(Secret, d.Headers["X-Watchdog-Timestamp"], d.Headers["X-Watchdog-Signature"], d.Raw, _clock.GetUtcNow()).ShouldBeTrue();
    }

    [Fact]
    public void Constructor_ShortSecret_ThrowsWithoutEchoingIt()
    {
        var e = Should.Throw<ArgumentException>(() => new WebhookNotifier(_http, new WebhookOptions { Url = new Uri("https://example.com/hook"), Secret = "short-s3cr3t" }, _clock));

        e.Message.ShouldContain("Secret must be at least 16 characters");
        e.Message.ShouldNotContain("short-s3cr3t");
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        new WebhookOptions().Name.ShouldBe("webhook");
        WebhookSignature.DefaultTolerance.ShouldBe(TimeSpan.FromMinutes(5));
        JsonSerializer.Serialize(WebhookOptionsValidator.Problems(new WebhookOptions()))
            .ShouldBe("""["Url is required.","Secret is required: receivers check the signature."]""");
    }
}
