using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Integrations.Webhooks;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// The notifier suite against a receiver of the signed webhook: the URL's token may travel in the URL, the
/// signing secret never travels at all (only the HMAC made with it).
/// </summary>
public sealed class WebhookConformanceTests : NotifierConformance
{
    private const string SigningSecret = "whsec-S1gn1ngK3yNeverSent";

    private WebhookPeer _receiver = null!;

    protected override IReadOnlyList<string> Secrets => [WebhookPeer.UrlToken, SigningSecret];

    protected override Uri ConfiguredUrl => _receiver.Url;

    protected override IReadOnlyList<JsonObject> Delivered => [.. _receiver.Accepted.Select(d => JsonNode.Parse(d.Raw)!.AsObject())];

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) =>
        _receiver = await WebhookPeer.StartAsync(SigningSecret, TimeProvider.System, front: front);

    protected override INotifier CreateNotifier(Uri url, HttpClient http) =>
        new WebhookNotifier(http, new WebhookOptions { Url = url, Secret = SigningSecret }, TimeProvider.System);

    protected override void AssertKeyFields(Notification sent, JsonObject delivered)
    {
        delivered["title"]!.GetValue<string>().ShouldBe(sent.Title);
        delivered["text"]!.GetValue<string>().ShouldBe(sent.Text);
    }

    /// <summary>The URL carries its token by design; the signing secret may not appear even there.</summary>
    private protected override string WhereNoSecretBelongs(PeerFront.Request request) =>
        base.WhereNoSecretBelongs(request) + "\n" + request.Target.Replace(WebhookPeer.UrlToken, "", StringComparison.Ordinal);
}
