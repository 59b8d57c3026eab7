using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Teams;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class TeamsNotifierTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly ListLogger<TeamsNotifier> _log = new();

    public void Dispose() => _http.Dispose();

    private TeamsNotifier Notifier(Uri url, HttpClient? http = null) => new(http ?? _http, new TeamsOptions { WebhookUrl = url }, _log);

    private static Notification Sample(Severity severity = Severity.Warning, string[]? lines = null, int facts = 3) => new(
        NotificationKind.Alert,
        severity,
        "checkout",
        "20261121-025500-checkout",
        "Deploy went bad",
        lines ?? ["Issue: errors", "Impact: some users"],
        [.. Enumerable.Range(1, facts).Select(i => new KeyValuePair<string, string>($"Fact {i}", $"value {i}"))]);

    private static JsonObject Card(TeamsPeer.Delivery d) => d.Body["attachments"]![0]!["content"]!.AsObject();

    private static JsonObject[] Elements(TeamsPeer.Delivery d) => [.. Card(d)["body"]!.AsArray().Select(e => e!.AsObject())];

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private void NothingSecretLogged() => _log.Lines.ShouldAllBe(l => !l.Contains(TeamsPeer.Signature) && !l.Contains("workflows/"));

    [Fact]
    public async Task Send_WorkflowsAnswers202_PostsTheAdaptiveCardMessage()
    {
        await using var teams = await TeamsPeer.StartAsync();
        var notification = SampleIncidents.RollbackInProgress() with
        {
            Links = [new("Open incident", new Uri("https://watchdog.example/incidents/20261121-025500-checkout")), new("Veto rollback", new Uri("https://watchdog.example/a/veto?t=abc"))],
        };

        await Notifier(teams.WebhookUrl).SendAsync(notification, CancellationToken.None);

        teams.Problems.ShouldBeEmpty();
        var d = teams.Received.ShouldHaveSingleItem();
        d.Sig.ShouldBe(TeamsPeer.Signature);
        Text(d.Body["type"]).ShouldBe("message");
        var attachment = d.Body["attachments"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        Text(attachment["contentType"]).ShouldBe("application/vnd.microsoft.card.adaptive");
        attachment.ContainsKey("contentUrl").ShouldBeTrue();
        attachment["contentUrl"].ShouldBeNull();
        var card = Card(d);
        Text(card["$schema"]).ShouldBe("http://adaptivecards.io/schemas/adaptive-card.json");
        Text(card["type"]).ShouldBe("AdaptiveCard");
        Text(card["version"]).ShouldBe("1.2");

        var elements = Elements(d);
        var title = elements[0];
        Text(title["type"]).ShouldBe("TextBlock");
        Text(title["text"]).ShouldBe("🚨 ROLLBACK IN PROGRESS 🚨");
        Text(title["weight"]).ShouldBe("bolder");
        Text(title["color"]).ShouldBe("attention");

        var lines = elements[1..^1];
        lines.Select(e => Text(e["text"])).ShouldBe(notification.Lines);
        lines.ShouldAllBe(e => Text(e["type"]) == "TextBlock" && e["wrap"]!.GetValue<bool>());

        var factSet = elements[^1];
        Text(factSet["type"]).ShouldBe("FactSet");
        factSet["facts"]!.AsArray().Select(f => new KeyValuePair<string, string>(Text(f!["title"]), Text(f["value"]))).ShouldBe(notification.Facts);
        notification.Facts.ShouldContain(new KeyValuePair<string, string>("Rule", "error-rate"));

        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToArray();
        actions.Select(a => Text(a["type"])).ShouldBe(["Action.OpenUrl", "Action.OpenUrl"]);
        actions.Select(a => Text(a["title"])).ShouldBe(["Open incident", "Veto rollback"]);
        actions.Select(a => Text(a["url"])).ShouldBe(["https://watchdog.example/incidents/20261121-025500-checkout", "https://watchdog.example/a/veto?t=abc"]);
        _log.Lines.ShouldContain(l => l.Contains("took the RollbackInProgress message") && l.Contains("HTTP 202"));
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_LegacyConnectorAnswers200One_IsDelivered()
    {
        await using var teams = await TeamsPeer.StartAsync(TeamsPeer.LegacyOk);

        await Notifier(teams.WebhookUrl).SendAsync(Sample(), CancellationToken.None);

        teams.Received.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(Severity.Critical, "attention")]
    [InlineData(Severity.High, "attention")]
    [InlineData(Severity.Warning, "warning")]
    [InlineData(Severity.Info, null)]
    public async Task Send_TitleColour_FollowsSeverity(Severity severity, string? colour)
    {
        await using var teams = await TeamsPeer.StartAsync();

        await Notifier(teams.WebhookUrl).SendAsync(Sample(severity), CancellationToken.None);

        var title = Elements(teams.Received.Single())[0];
        (title["color"]?.GetValue<string>()).ShouldBe(colour);
        Text(title["weight"]).ShouldBe("bolder");
    }

    [Fact]
    public async Task Send_Drill_TitleSaysDrill()
    {
        await using var teams = await TeamsPeer.StartAsync();

        await Notifier(teams.WebhookUrl).SendAsync(DrillMessages.Mark(Sample()), CancellationToken.None);
        await Notifier(teams.WebhookUrl).SendAsync(DrillMessages.Mark(Sample() with { Title = "🧪 DRILL SKIPPED on api: busy", Drill = true }), CancellationToken.None);

        Text(Elements(teams.Received[0])[0]["text"]).ShouldBe("🧪 DRILL: Deploy went bad");
        Text(Elements(teams.Received[1])[0]["text"]).ShouldBe("🧪 DRILL SKIPPED on api: busy", "a drill's own message is marked once");
    }

    [Fact]
    public async Task Send_ConnectorThrottlesInsideA200_ThrowsThrottled()
    {
        await using var teams = await TeamsPeer.StartAsync(TeamsPeer.ThrottledIn200);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(teams.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Throttled.ShouldBeTrue();
        e.StatusCode.ShouldBe(HttpStatusCode.OK);
        e.Message.ShouldStartWith("Teams webhook teams at 127.0.0.1 throttled the message: HTTP 200 (OK), Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429");
        _log.Lines.ShouldContain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("throttled"));
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_WorkflowsAnswers429_ThrowsThrottled()
    {
        await using var teams = await TeamsPeer.StartAsync(PeerReply.Json(429, """{"error":{"code":"WorkflowTriggerIsThrottled","message":"Rate limit is exceeded. Try again in 12 seconds."}}"""));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(teams.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Throttled.ShouldBeTrue();
        e.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        e.Message.ShouldContain("throttled the message: HTTP 429 (TooManyRequests)");
        e.Message.ShouldContain("WorkflowTriggerIsThrottled");
    }

    [Fact]
    public async Task Send_ConnectorRelaysAnotherErrorInsideA200_ThrowsRefused()
    {
        // API-NOTES documents only the 429 relayed this way; any error relayed in a 200 is no delivery.
        await using var teams = await TeamsPeer.StartAsync(new PeerReply(200, "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0"));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(teams.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Throttled.ShouldBeFalse();
        e.Message.ShouldContain("refused the message: HTTP 200 (OK), Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413");
    }

    [Theory]
    [InlineData(400, "Bad payload received by generic incoming webhook.")]
    [InlineData(404, "The workflow was not found or has been turned off.")]
    [InlineData(500, "Internal server error")]
    public async Task Send_ErrorStatus_ThrowsWithStatusAndExcerptButNotTheUrl(int status, string answer)
    {
        await using var teams = await TeamsPeer.StartAsync(new PeerReply(status, answer));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(teams.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.StatusCode.ShouldBe((HttpStatusCode)status);
        e.Reason.ShouldBe(answer);
        e.Throttled.ShouldBeFalse();
        e.Message.ShouldBe($"Teams webhook teams at 127.0.0.1 refused the message: HTTP {status} ({(HttpStatusCode)status}), {answer}.");
        e.ToString().ShouldNotContain(TeamsPeer.Signature);
        _log.Lines.ShouldContain(l => l.Contains(answer));
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_ErrorEchoesTheUrlAndSignature_BothAreMasked()
    {
        await using var teams = await TeamsPeer.StartAsync();
        var echoed = $"no trigger at {teams.WebhookUrl.PathAndQuery}; bad sig {TeamsPeer.Signature}";
        await using var echo = await TeamsPeer.StartAsync(new PeerReply(401, echoed));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(echo.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Message.ShouldContain("no trigger at ***; bad sig ***");
        e.Message.ShouldNotContain(TeamsPeer.Signature);
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_CardOverTheSizeLimit_IsCutTo28KbAndSaysSo()
    {
        await using var teams = await TeamsPeer.StartAsync();
        // Emoji are escaped as \uXXXX pairs in JSON: 12 bytes each on the wire, so the limit must count bytes sent.
        string[] lines = ["Issue: first", .. Enumerable.Range(0, 2000).Select(i => $"line {i:0000} 🚨 " + new string('x', 80))];
        var notification = Sample(lines: lines, facts: 12);

        await Notifier(teams.WebhookUrl).SendAsync(notification, CancellationToken.None);

        teams.Problems.ShouldBeEmpty();
        var d = teams.Received.ShouldHaveSingleItem();
        d.Bytes.ShouldBeLessThanOrEqualTo(28_000);
        d.Bytes.ShouldBeGreaterThan(26_000);
        var elements = Elements(d);
        Text(elements[1]["text"]).ShouldBe("Issue: first");
        Text(elements[2]["text"]).ShouldBe(lines[1]);
        elements.Single(e => Text(e["type"]) == "FactSet")["facts"]!.AsArray().Count.ShouldBe(12);
        var notice = Text(elements[^1]["text"]);
        notice.ShouldStartWith("…cut to fit Teams' 28 KB card limit: ");
        notice.ShouldContain(" of 2001 lines shown whole");
        notice.ShouldContain("incident 20261121-025500-checkout");
        _log.Lines.ShouldContain(l => l.Contains("Teams card for incident 20261121-025500-checkout cut to 28000 bytes"));
    }

    [Fact]
    public async Task Send_PeerAnswersAnEndlessBody_ReadIsBoundedAndExcerptShort()
    {
        await using var teams = await TeamsPeer.StartAsync(PeerReply.EndlessBody(502));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(teams.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        e.Reason!.Length.ShouldBe(200);
        e.Reason.ShouldEndWith("…");
        e.Message.Length.ShouldBeLessThan(320);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_PeerHangs_CancelledByTheToken(bool inBody)
    {
        await using var teams = await TeamsPeer.StartAsync(inBody ? PeerReply.HangInBody(200) : PeerReply.Hang());
        using var cts = new CancellationTokenSource();

        var sending = Notifier(teams.WebhookUrl).SendAsync(Sample(), cts.Token);
        await teams.FirstRequest;
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task Send_AttemptTimesOutInThePipeline_ThrowsInOurWordsWithoutThePath()
    {
        // The resilience handler's own timeout message names the URL's path, which for a connector is the secret.
        await using var teams = await TeamsPeer.StartAsync(PeerReply.Hang());
        var clock = new ManualTimeProvider();
        var options = new ResilienceOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5), CircuitBreaker = false };
        using var http = new HttpClient(new ResilienceHandler(options, clock, NullLogger<ResilienceHandler>.Instance) { InnerHandler = new SocketsHttpHandler() });

        var sending = Notifier(teams.WebhookUrl, http).SendAsync(Sample(), CancellationToken.None);
        await teams.FirstRequest;
        clock.Advance(TimeSpan.FromSeconds(6));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => sending);
        e.Message.ShouldBe("Teams webhook teams at 127.0.0.1 could not be reached (no answer in time).");
        e.ToString().ShouldNotContain("workflows/");
        NothingSecretLogged();
    }

    [Fact]
    public async Task Send_Unreachable_ThrowsNamingHostOnly()
    {
        var url = Peers.NothingListening("/workflows/abc/triggers/manual/paths/invoke?sig=" + TeamsPeer.Signature);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(url).SendAsync(Sample(), CancellationToken.None));

        e.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
        e.Message.ShouldBe("Teams webhook teams at 127.0.0.1 could not be reached (connection refused).");
        e.ToString().ShouldNotContain(TeamsPeer.Signature);
        NothingSecretLogged();
    }

    [Fact]
    public void Constructor_PlainHttpToARemoteHost_ThrowsWithoutTheUrl()
    {
        var e = Should.Throw<ArgumentException>(() =>
            new TeamsNotifier(_http, new TeamsOptions { WebhookUrl = new Uri($"http://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig={TeamsPeer.Signature}") }));

        e.Message.ShouldContain("WebhookUrl must use https");
        e.Message.ShouldNotContain(TeamsPeer.Signature);
    }
}
