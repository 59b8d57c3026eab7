using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.PagerDuty;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class PagerDutyNotifierTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly ListLogger<PagerDutyNotifier> _log = new();
    private readonly ManualTimeProvider _clock = new(SampleIncidents.Detected.AddSeconds(4));

    public void Dispose() => _http.Dispose();

    private PagerDutyNotifier Notifier(Uri baseUrl, HttpClient? http = null) =>
        new(http ?? _http, new PagerDutyOptions { RoutingKey = PagerDutyPeer.RoutingKey, BaseUrl = baseUrl }, _clock, _log);

    /// <summary>The host's outbound pipeline, retrying at once (no backoff) so nothing waits on a real clock.</summary>
    private static HttpClient Resilient() => new(new ResilienceHandler(
        new ResilienceOptions { MaxRetries = 2, BaseDelay = TimeSpan.Zero, CircuitBreaker = false }, new ManualTimeProvider(), NullLogger<ResilienceHandler>.Instance)
    { InnerHandler = new SocketsHttpHandler() });

    private static Notification Sample(NotificationKind kind = NotificationKind.Alert, Severity severity = Severity.Warning, string incident = "20261121-025500-checkout") => new(
        kind, severity, "checkout", incident, "Deploy went bad", ["Issue: errors", "Impact: some users"], [new("Rule", "error-rate")]);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private void NothingSecretLogged() => _log.Lines.ShouldAllBe(l => !l.Contains(PagerDutyPeer.RoutingKey));

    [Fact]
    public async Task Send_Trigger_PostsTheEventsV2ShapeAndPagerDutyAccepts()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        var notification = SampleIncidents.RollbackInProgress() with
        {
            Links = [new("Open incident", new Uri("https://watchdog.example/incidents/20261121-025500-checkout"))],
        };

        await Notifier(pd.BaseUrl).SendAsync(notification, CancellationToken.None);

        var e = pd.Accepted.ShouldHaveSingleItem();
        Text(e["routing_key"]).ShouldBe(PagerDutyPeer.RoutingKey);
        Text(e["event_action"]).ShouldBe("trigger");
        Text(e["dedup_key"]).ShouldBe("watchdog-20261121-025500-checkout");
        Text(e["client"]).ShouldBe("Watchdog");
        var payload = e["payload"]!.AsObject();
        Text(payload["summary"]).ShouldBe("🚨 ROLLBACK IN PROGRESS 🚨");
        Text(payload["source"]).ShouldBe("checkout");
        Text(payload["component"]).ShouldBe("checkout");
        Text(payload["severity"]).ShouldBe("critical");
        Text(payload["timestamp"]).ShouldBe("2026-11-21T02:55:04.000Z");
        Text(payload["group"]).ShouldBe("rollback_in_progress");
        Text(payload["class"]).ShouldBe("rollback_in_progress");
        var details = payload["custom_details"]!.AsObject();
        Text(details["incident_id"]).ShouldBe("20261121-025500-checkout");
        details["lines"]!.AsArray().Select(Text).ShouldBe(notification.Lines);
        details["facts"]!.AsObject().Select(f => new KeyValuePair<string, string>(f.Key, Text(f.Value))).ShouldBe(notification.Facts);
        details.ContainsKey("drill").ShouldBeFalse();
        var link = e["links"]!.AsArray().ShouldHaveSingleItem()!;
        Text(link["href"]).ShouldBe("https://watchdog.example/incidents/20261121-025500-checkout");
        Text(link["text"]).ShouldBe("Open incident");
        _log.Lines.ShouldContain(l => l.Contains("took the trigger event watchdog-20261121-025500-checkout (RollbackInProgress): HTTP 202"));
        NothingSecretLogged();
    }

    [Theory]
    [InlineData(Severity.Critical, "critical")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Warning, "warning")]
    [InlineData(Severity.Info, "info")]
    public async Task Send_Severity_IsMappedToPagerDutys(Severity severity, string expected)
    {
        await using var pd = await PagerDutyPeer.StartAsync();

        await Notifier(pd.BaseUrl).SendAsync(Sample(severity: severity), CancellationToken.None);

        Text(pd.Accepted.Single()["payload"]!["severity"]).ShouldBe(expected);
    }

    [Fact]
    public async Task Send_TriggerThenResolve_OneIncidentKeepsOneDedupKey_ResolveCarriesOnlyTheKeys()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        var incident = SampleIncidents.CheckoutErrorRate();
        var notifier = Notifier(pd.BaseUrl);

        await notifier.SendAsync(Messages.RollbackInProgress(incident), CancellationToken.None);
        await notifier.SendAsync(Messages.Resolved(incident, "stable for 2h after the rollback to v2.4.0"), CancellationToken.None);

        pd.Accepted.Select(e => Text(e["event_action"])).ShouldBe(["trigger", "resolve"]);
        pd.Accepted.Select(e => Text(e["dedup_key"])).Distinct().ShouldHaveSingleItem().ShouldBe("watchdog-" + incident.Id);
        pd.Accepted[1].Select(p => p.Key).Order().ShouldBe(["dedup_key", "event_action", "routing_key"]);
        Text(pd.Accepted[1]["routing_key"]).ShouldBe(PagerDutyPeer.RoutingKey);
    }

    [Fact]
    public async Task Send_TwoIncidents_GetTwoDedupKeys()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        var notifier = Notifier(pd.BaseUrl);

        await notifier.SendAsync(Sample(incident: "20261121-025500-checkout"), CancellationToken.None);
        await notifier.SendAsync(Sample(incident: "20261121-031000-checkout"), CancellationToken.None);

        pd.Accepted.Select(e => Text(e["dedup_key"])).ShouldBe(["watchdog-20261121-025500-checkout", "watchdog-20261121-031000-checkout"]);
    }

    [Fact]
    public async Task Send_BlindThenSeesAgain_TriggersThenResolvesTheSameAlert()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        var notifier = Notifier(pd.BaseUrl);
        var since = SampleIncidents.Detected;
        var blind = new SourceState("sentry", 3, 3, true, since, "HTTP 502");

        await notifier.SendAsync(Messages.Blind("checkout", blind, TimeSpan.FromSeconds(30)), CancellationToken.None);
        await notifier.SendAsync(Messages.SeesAgain("checkout", blind with { ConsecutiveErrors = 5 }, since.AddMinutes(3)), CancellationToken.None);

        pd.Accepted.Select(e => Text(e["event_action"])).ShouldBe(["trigger", "resolve"]);
        pd.Accepted.Select(e => Text(e["dedup_key"])).Distinct().ShouldHaveSingleItem().ShouldStartWith("watchdog-sight-checkout-sentry-");
        Text(pd.Accepted[0]["payload"]!["class"]).ShouldBe("blind");
    }

    [Fact]
    public async Task Send_ADrillsOwnMessage_IsMarkedOnce()
    {
        await using var pd = await PagerDutyPeer.StartAsync();

        await Notifier(pd.BaseUrl).SendAsync(DrillMessages.Mark(Sample() with { Title = "🧪 DRILL SKIPPED on api: busy", Drill = true }), CancellationToken.None);

        Text(pd.Accepted.ShouldHaveSingleItem()["payload"]!["summary"]).ShouldBe("🧪 DRILL SKIPPED on api: busy");
    }

    [Fact]
    public async Task Send_LongTitleAndDrill_SummaryMarkedAndCutTo1024()
    {
        await using var pd = await PagerDutyPeer.StartAsync();

        await Notifier(pd.BaseUrl).SendAsync(DrillMessages.Mark(Sample() with { Title = new string('T', 3000) }), CancellationToken.None);

        var payload = pd.Accepted.ShouldHaveSingleItem()["payload"]!;
        var summary = Text(payload["summary"]);
        summary.Length.ShouldBe(1024);
        summary.ShouldStartWith("🧪 DRILL: TTT");
        summary.ShouldEndWith("…");
        payload["custom_details"]!["drill"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Send_IncidentIdTooLongForADedupKey_KeyIsCutStableAndDistinct()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        var notifier = Notifier(pd.BaseUrl);
        var longA = "sight-" + new string('a', 300) + "-one";
        var longB = "sight-" + new string('a', 300) + "-two";

        await notifier.SendAsync(Sample(incident: longA), CancellationToken.None);
        await notifier.SendAsync(Sample(kind: NotificationKind.SeesAgain, incident: longA), CancellationToken.None);
        await notifier.SendAsync(Sample(incident: longB), CancellationToken.None);

        var keys = pd.Accepted.Select(e => Text(e["dedup_key"])).ToArray();
        keys.ShouldAllBe(k => k.Length <= 255 && k.StartsWith("watchdog-sight-aaa", StringComparison.Ordinal));
        keys[0].ShouldBe(keys[1]);
        keys[2].ShouldNotBe(keys[0]);
    }

    [Fact]
    public async Task Send_LinesBeyondTheEventSizeLimit_AreCutAndTheEventSaysSo()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        // Non-ASCII is escaped in JSON (6 bytes a character): the limit counts the bytes sent, not characters.
        string[] lines = ["Issue: first", .. Enumerable.Range(0, 1000).Select(i => $"line {i:000} " + new string('é', 200))];

        await Notifier(pd.BaseUrl).SendAsync(Sample() with { Lines = lines }, CancellationToken.None);

        var e = pd.Accepted.ShouldHaveSingleItem();
        System.Text.Encoding.UTF8.GetByteCount(e.ToJsonString()).ShouldBeInRange(490_000, 500_000);
        var details = e["payload"]!["custom_details"]!;
        var sent = details["lines"]!.AsArray().Select(Text).ToArray();
        sent[0].ShouldBe("Issue: first");
        sent[1].ShouldBe(lines[1]);
        sent.Length.ShouldBeLessThan(lines.Length);
        Text(details["lines_cut"]).ShouldEndWith($"of {lines.Length} lines not sent whole: the event's size limit");
        _log.Lines.ShouldContain(l => l.Contains("cut to 500000 bytes"));
    }

    [Fact]
    public async Task Send_PagerDutyAnswers400_ThrowsNamingItsErrors_AndIsNotRetried()
    {
        await using var pd = await PagerDutyPeer.StartAsync();
        using var http = Resilient();

        // A blank service leaves payload.source blank: PagerDuty's own validation refuses the event.
        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(pd.BaseUrl, http).SendAsync(Sample() with { Service = " " }, CancellationToken.None));

        e.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        e.Reason.ShouldBe("Event object is invalid");
        e.Errors.ShouldBe(["'payload.source' is missing or blank"]);
        e.Message.ShouldBe("PagerDuty pagerduty at 127.0.0.1 refused the trigger event watchdog-20261121-025500-checkout: HTTP 400 (BadRequest), Event object is invalid ('payload.source' is missing or blank).");
        pd.Received.Count.ShouldBe(1);
        _log.Lines.ShouldContain(l => l.Contains("'payload.source' is missing or blank"));
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_PagerDutyAnswers429_ThrowsThrottled()
    {
        await using var pd = await PagerDutyPeer.StartAsync(PagerDutyPeer.Throttled());

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(pd.BaseUrl).SendAsync(Sample(), CancellationToken.None));

        e.Throttled.ShouldBeTrue();
        e.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        e.Message.ShouldBe("PagerDuty pagerduty at 127.0.0.1 throttled the trigger event watchdog-20261121-025500-checkout: HTTP 429 (TooManyRequests), Requests for this service are arriving too quickly.  Please retry later.");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Send_ThroughTheResiliencePipeline_429And5xxAreRetriedWithTheSameDedupKey(int status)
    {
        // A POST, yet retried on a 5xx too: PagerDuty folds a repeated dedup_key into the one alert.
        await using var pd = await PagerDutyPeer.StartAsync(PeerReply.Json(status, """{"status":"error","message":"try again"}"""));
        using var http = Resilient();

        await Notifier(pd.BaseUrl, http).SendAsync(Sample(), CancellationToken.None);

        pd.Received.Count.ShouldBe(2);
        pd.Received.Select(e => e.ToJsonString()).Distinct().ShouldHaveSingleItem();
        pd.Accepted.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Send_ErrorEchoesTheRoutingKey_KeyIsMasked()
    {
        await using var pd = await PagerDutyPeer.StartAsync(PagerDutyPeer.Invalid([$"Unknown routing_key {PagerDutyPeer.RoutingKey}"]));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(pd.BaseUrl).SendAsync(Sample(), CancellationToken.None));

        e.Errors.ShouldBe(["Unknown routing_key ***"]);
        e.ToString().ShouldNotContain(PagerDutyPeer.RoutingKey);
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_2xxThatIsNotPagerDutysSuccess_Throws()
    {
        // A proxy or captive portal answering 200 with a page: PagerDuty never saw the event.
        await using var pd = await PagerDutyPeer.StartAsync(new PeerReply(200, "<html><body>Sign in to continue</body></html>", "text/html"));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(pd.BaseUrl).SendAsync(Sample(), CancellationToken.None));

        e.Message.ShouldContain("did not confirm the trigger event");
        e.Message.ShouldContain("Sign in to continue");
    }

    [Fact]
    public async Task Send_PeerAnswersAnEndlessBody_ReadIsBoundedAndMessageShort()
    {
        await using var pd = await PagerDutyPeer.StartAsync(PeerReply.EndlessBody(502));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(pd.BaseUrl).SendAsync(Sample(), CancellationToken.None));

        e.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        e.Reason!.Length.ShouldBe(300);
        e.Message.Length.ShouldBeLessThan(500);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_PeerHangs_CancelledByTheToken(bool inBody)
    {
        await using var pd = await PagerDutyPeer.StartAsync(inBody ? PeerReply.HangInBody(202) : PeerReply.Hang());
        using var cts = new CancellationTokenSource();

        var sending = Notifier(pd.BaseUrl).SendAsync(Sample(), cts.Token);
        await pd.FirstRequest;
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task Send_Unreachable_ThrowsNamingHostOnly()
    {
        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(Peers.NothingListening("/")).SendAsync(Sample(), CancellationToken.None));

        e.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
        e.Message.ShouldBe("PagerDuty pagerduty at 127.0.0.1 could not be reached (connection refused).");
        NothingSecretLogged();
    }

    [Theory]
    [InlineData("short-key")]
    [InlineData(PagerDutyPeer.RoutingKey + "x")]
    public void Constructor_RoutingKeyNot32Characters_ThrowsWithoutTheKey(string key)
    {
        var e = Should.Throw<ArgumentException>(() => new PagerDutyNotifier(_http, new PagerDutyOptions { RoutingKey = key }, _clock));

        e.Message.ShouldContain("RoutingKey must be the 32-character Events API v2 integration key");
        e.Message.ShouldNotContain(key);
    }

    [Fact]
    public void Constructor_PlainHttpBaseUrlToARemoteHost_Throws()
    {
        var e = Should.Throw<ArgumentException>(() =>
            new PagerDutyNotifier(_http, new PagerDutyOptions { RoutingKey = PagerDutyPeer.RoutingKey, BaseUrl = new Uri("http://events.pagerduty.com") }, _clock));

        e.Message.ShouldContain("BaseUrl must use https");
    }
}
