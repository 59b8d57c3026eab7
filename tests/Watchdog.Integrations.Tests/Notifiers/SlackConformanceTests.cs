using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Slack;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>The notifier suite against a Slack incoming webhook, whose URL path is the credential.</summary>
public sealed class SlackConformanceTests : NotifierConformance
{
    private SlackPeer _slack = null!;

    protected override IReadOnlyList<string> Secrets => [SlackPeer.SecretToken];

    protected override Uri ConfiguredUrl => _slack.WebhookUrl;

    protected override IReadOnlyList<JsonObject> Delivered => _slack.Accepted;

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) => _slack = await SlackPeer.StartAsync(front: front);

    protected override INotifier CreateNotifier(Uri url, HttpClient http) => new SlackNotifier(http, new SlackOptions { WebhookUrl = url });

    protected override void AssertKeyFields(Notification sent, JsonObject delivered)
    {
        delivered["blocks"]!.AsArray().First(b => b!["type"]!.GetValue<string>() == "header")!["text"]!["text"]!.GetValue<string>().ShouldBe(sent.Title);
        delivered["text"]!.GetValue<string>().ShouldStartWith(sent.Title);
    }
}
