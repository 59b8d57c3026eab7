using Watchdog.Integrations.Http;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Slack;

namespace Watchdog.Integrations.Tests.Notifiers;

public sealed class SlackNotifierTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly ListLogger<SlackNotifier> _log = new();

    public void Dispose() => _http.Dispose();

    private SlackNotifier Notifier(Uri url, Action<SlackOptions>? configure = null)
    {
        var options = new SlackOptions { WebhookUrl = url };
        configure?.Invoke(options);
        return new SlackNotifier(_http, options, _log);
    }

    private static Notification Sample(string title = "Deploy went bad", string[]? lines = null, int facts = 3) => new(
        NotificationKind.Alert,
        Severity.Warning,
        "checkout",
        "20261121-025500-checkout",
        title,
        lines ?? ["Issue: errors", "Impact: some users"],
        [.. Enumerable.Range(1, facts).Select(i => new KeyValuePair<string, string>($"Fact {i}", $"value {i}"))]);

    private static string Escaped(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static IEnumerable<JsonObject> Blocks(JsonObject body, string type) =>
        body["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b["type"]!.GetValue<string>() == type);

    private static string[] SectionTexts(JsonObject body) =>
        [.. Blocks(body, "section").Where(b => b["text"] is not null).Select(b => b["text"]!["text"]!.GetValue<string>())];

    private static string[][] FieldGroups(JsonObject body) =>
        [.. Blocks(body, "section").Where(b => b["fields"] is not null).Select(b => b["fields"]!.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToArray())];

    [Fact]
    public async Task Send_LinksAndDrill_BecomeButtonsAndAMarkedHeader()
    {
        await using var slack = await SlackPeer.StartAsync();
        var notification = DrillMessages.Mark(SampleIncidents.RollbackInProgress()) with
        {
            Links = [new("Approve rollback", new Uri("https://watchdog.test/act/a.b")), new("Veto", new Uri("https://watchdog.test/act/c.d"))],
        };

        await Notifier(slack.WebhookUrl).SendAsync(notification, CancellationToken.None);

        var body = slack.Accepted.ShouldHaveSingleItem();
        Blocks(body, "header").Single()["text"]!["text"]!.GetValue<string>().ShouldStartWith("🧪 DRILL: 🚨 ROLLBACK IN PROGRESS");
        var buttons = Blocks(body, "actions").ShouldHaveSingleItem()["elements"]!.AsArray();
        buttons.Select(b => (b!["text"]!["text"]!.GetValue<string>(), b["url"]!.GetValue<string>()))
            .ShouldBe([("Approve rollback", "https://watchdog.test/act/a.b"), ("Veto", "https://watchdog.test/act/c.d")]);
        Blocks(SlackMessageOf(SampleIncidents.RollbackInProgress()), "actions").ShouldBeEmpty("no links, no buttons");
    }

    [Fact]
    public void Build_ADrillsOwnMessage_HeaderMarkedOnce()
    {
        var skipped = DrillMessages.Mark(SampleIncidents.RollbackInProgress() with { Title = "🧪 DRILL SKIPPED on api: busy", Drill = true });

        Blocks(SlackMessageOf(skipped), "header").Single()["text"]!["text"]!.GetValue<string>().ShouldBe("🧪 DRILL SKIPPED on api: busy");
    }

    private static JsonObject SlackMessageOf(Notification n) => SlackMessage.Build(n, new SlackOptions { WebhookUrl = new Uri("https://hooks.slack.com/services/T/B/x") });

    [Fact]
    public async Task Send_SlackAnswersOk_PostsFallbackTextAndBlocksFromCoreMessage()
    {
        await using var slack = await SlackPeer.StartAsync();
        var notification = SampleIncidents.RollbackInProgress();

        await Notifier(slack.WebhookUrl).SendAsync(notification, CancellationToken.None);

        slack.Problems.ShouldBeEmpty();
        var body = slack.Accepted.ShouldHaveSingleItem();
        // The rule's "ErrorRate > 10%" reaches Slack as an entity: '>' would otherwise start markup.
        notification.Text.ShouldContain("ErrorRate > 10%");
        body["text"]!.GetValue<string>().ShouldBe(Escaped(notification.Text));
        var header = Blocks(body, "header").ShouldHaveSingleItem();
        header["text"]!["text"]!.GetValue<string>().ShouldBe("🚨 ROLLBACK IN PROGRESS 🚨");
        string.Join('\n', SectionTexts(body)).ShouldBe(Escaped(string.Join('\n', notification.Lines)));

        // Core gives this incident 12 facts: one full section of 10 and two more.
        var fields = FieldGroups(body);
        fields.Select(g => g.Length).ShouldBe([10, 2]);
        var all = fields.SelectMany(g => g).ToArray();
        all.ShouldContain("*Rule*\nerror-rate");
        all.ShouldContain("*Measured*\n23.5%");
        all.ShouldContain("*Threshold*\n10%");
        all.ShouldContain("*Window*\n2m");
        all.ShouldContain("*Held for*\n5m");
        all.ShouldContain("*From version*\nv2.4.1");

        var context = Blocks(body, "context").ShouldHaveSingleItem()["elements"]![0]!["text"]!.GetValue<string>();
        context.ShouldContain(notification.IncidentId);
        context.ShouldContain("Critical");
        body.ContainsKey("channel").ShouldBeFalse();
        body.ContainsKey("username").ShouldBeFalse();
        _log.Lines.ShouldContain(l => l.Contains("took the RollbackInProgress message"));
    }

    [Theory]
    [InlineData(400, "invalid_payload")]
    [InlineData(403, "action_prohibited")]
    [InlineData(404, "channel_not_found")]
    [InlineData(410, "channel_is_archived")]
    [InlineData(500, "rollup_error")]
    public async Task Send_SlackAnswersError_ThrowsWithStatusAndErrorStringButNotTheUrl(int status, string error)
    {
        await using var slack = await SlackPeer.StartAsync(status, error);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(slack.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        slack.Problems.ShouldBeEmpty();
        e.StatusCode.ShouldBe((HttpStatusCode)status);
        e.Reason.ShouldBe(error);
        e.Message.ShouldContain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        e.Message.ShouldContain(error);
        e.Message.ShouldContain("127.0.0.1");
        e.Message.ShouldNotContain(SlackPeer.SecretToken);
        e.Message.ShouldNotContain("services/");
        _log.Lines.ShouldContain(l => l.Contains(error));
        _log.Lines.ShouldAllBe(l => !l.Contains(SlackPeer.SecretToken));
    }

    [Fact]
    public async Task Send_SlackAnswers410_ThrowsWithChannelIsArchived()
    {
        await using var slack = await SlackPeer.StartAsync(410, "channel_is_archived");

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(slack.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Message.ShouldBe("Slack webhook at 127.0.0.1 refused the message: HTTP 410 (Gone), channel_is_archived.");
    }

    [Fact]
    public async Task Send_Answers200ButNotOk_Throws()
    {
        // A proxy or captive portal answering 200 with a page: Slack did not take the message.
        await using var slack = await SlackPeer.StartAsync(200, "<html><body>Sign in to continue</body></html>");

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(slack.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.StatusCode.ShouldBe(HttpStatusCode.OK);
        e.Message.ShouldContain("Sign in to continue");
    }

    [Fact]
    public async Task Send_SlackAnswersLongError_MessageIsBoundedAndOnOneLine()
    {
        await using var slack = await SlackPeer.StartAsync(500, "rollup_error\n" + new string('x', 10_000));

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(slack.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Reason!.Length.ShouldBeLessThanOrEqualTo(200);
        e.Reason.ShouldStartWith("rollup_error x");
        e.Message.ShouldNotContain("\n");
        e.Message.Length.ShouldBeLessThan(400);
    }

    [Fact]
    public async Task Send_ErrorEchoesTheUrl_UrlIsMasked()
    {
        await using var echo = await SlackPeer.StartAsync(404, "no_service for " + "/services/T0WATCHDOG/B0ALERTS/" + SlackPeer.SecretToken);

        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(echo.WebhookUrl).SendAsync(Sample(), CancellationToken.None));

        e.Message.ShouldContain("no_service for ***");
        e.Message.ShouldNotContain(SlackPeer.SecretToken);
    }

    [Fact]
    public async Task Send_MoreThanTenFactsAndAVeryLongLine_SplitsWithinSlackLimits()
    {
        await using var slack = await SlackPeer.StartAsync();
        var longLine = string.Join(' ', Enumerable.Range(0, 1500).Select(i => $"w{i:0000}"));   // 8,999 characters
        var notification = Sample(lines: ["Issue: first", longLine, "Impact: last"], facts: 23);

        await Notifier(slack.WebhookUrl).SendAsync(notification, CancellationToken.None);

        slack.Problems.ShouldBeEmpty();
        var body = slack.Accepted.ShouldHaveSingleItem();
        FieldGroups(body).Select(g => g.Length).ShouldBe([10, 10, 3]);
        FieldGroups(body).SelectMany(g => g).ShouldBe(notification.Facts.Select(f => $"*{f.Key}*\n{f.Value}"));

        var texts = SectionTexts(body);
        texts.Length.ShouldBeGreaterThanOrEqualTo(4);
        texts.ShouldAllBe(t => t.Length <= 3000);
        texts[0].ShouldBe("Issue: first");
        texts[^1].ShouldBe("Impact: last");

        // Split at spaces: every word arrives whole and in order.
        var words = texts[1..^1].SelectMany(t => t.Split(' ')).ToArray();
        words.ShouldBe(longLine.Split(' '));
    }

    [Fact]
    public async Task Send_TitleLongerThan150_HeaderIsCutTo150()
    {
        await using var slack = await SlackPeer.StartAsync();

        await Notifier(slack.WebhookUrl).SendAsync(Sample(title: "🚨 " + new string('T', 300)), CancellationToken.None);

        slack.Problems.ShouldBeEmpty();
        var header = Blocks(slack.Accepted.Single(), "header").Single()["text"]!["text"]!.GetValue<string>();
        header.Length.ShouldBe(150);
        header.ShouldStartWith("🚨 TTT");
        header.ShouldEndWith("…");
    }

    [Fact]
    public async Task Send_DynamicTextWithControlCharacters_IsEscapedInMrkdwn()
    {
        await using var slack = await SlackPeer.StartAsync();
        var notification = Sample(title: "R&D <!channel>", lines: ["Issue: <!here> a<b & c>d <https://evil.example|click>"]) with
        {
            Facts = [new("Rule <x>", "p95 > 2s & rising")],
        };

        await Notifier(slack.WebhookUrl).SendAsync(notification, CancellationToken.None);

        var body = slack.Accepted.ShouldHaveSingleItem();
        SectionTexts(body).ShouldBe(["Issue: &lt;!here&gt; a&lt;b &amp; c&gt;d &lt;https://evil.example|click&gt;"]);
        FieldGroups(body).Single().ShouldBe(["*Rule &lt;x&gt;*\np95 &gt; 2s &amp; rising"]);
        body["text"]!.GetValue<string>().ShouldStartWith("R&amp;D &lt;!channel&gt;\n\n");
        body["text"]!.GetValue<string>().ShouldNotContain("<");

        // plain_text is not parsed by Slack: the header keeps the characters as they are.
        Blocks(body, "header").Single()["text"]!["text"]!.GetValue<string>().ShouldBe("R&D <!channel>");
    }

    [Fact]
    public async Task Send_WithOptionalFields_SendsChannelUsernameIconAndIncidentLink()
    {
        await using var slack = await SlackPeer.StartAsync();

        await Notifier(slack.WebhookUrl, o =>
        {
            o.Channel = "#ops";
            o.Username = "Watchdog";
            o.IconEmoji = ":rotating_light:";
            o.IncidentUrlBase = new Uri("https://watchdog.internal/api/incidents/");
        }).SendAsync(Sample(), CancellationToken.None);

        var body = slack.Accepted.ShouldHaveSingleItem();
        body["channel"]!.GetValue<string>().ShouldBe("#ops");
        body["username"]!.GetValue<string>().ShouldBe("Watchdog");
        body["icon_emoji"]!.GetValue<string>().ShouldBe(":rotating_light:");
        Blocks(body, "context").Single()["elements"]![0]!["text"]!.GetValue<string>()
            .ShouldStartWith("Incident <https://watchdog.internal/api/incidents/20261121-025500-checkout|20261121-025500-checkout> · Severity *Warning*");
    }

    [Fact]
    public async Task Send_SlackUnreachable_ThrowsNamingHostOnly()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        var url = new Uri($"http://127.0.0.1:{port}/services/T0/B0/{SlackPeer.SecretToken}");
        var e = await Should.ThrowAsync<PeerRefusedException>(() => Notifier(url).SendAsync(Sample(), CancellationToken.None));

        e.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
        e.Message.ShouldBe("Slack webhook at 127.0.0.1 could not be reached (ConnectionError).");
        e.ToString().ShouldNotContain(SlackPeer.SecretToken);
        _log.Lines.ShouldAllBe(l => !l.Contains(SlackPeer.SecretToken));
    }

    [Fact]
    public void Constructor_PlainHttpToARemoteHost_ThrowsWithoutTheUrl()
    {
        var e = Should.Throw<ArgumentException>(() =>
            new SlackNotifier(_http, new SlackOptions { WebhookUrl = new Uri($"http://hooks.slack.com/services/T0/B0/{SlackPeer.SecretToken}") }));

        e.Message.ShouldContain("WebhookUrl must use https");
        e.Message.ShouldNotContain(SlackPeer.SecretToken);
    }
}
