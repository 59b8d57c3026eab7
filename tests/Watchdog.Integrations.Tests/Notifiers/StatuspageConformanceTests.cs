using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Statuspage;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>The notifier suite against the Statuspage REST API, whose key travels as <c>Authorization: OAuth</c>.</summary>
public sealed class StatuspageConformanceTests : NotifierConformance
{
    private StatuspagePeer _page = null!;

    protected override IReadOnlyList<string> Secrets => [StatuspagePeer.ApiKey];

    protected override Uri ConfiguredUrl => _page.BaseUrl;

    protected override IReadOnlyList<JsonObject> Delivered => _page.Incidents;

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) => _page = await StatuspagePeer.StartAsync(front, TimeProvider.System);

    protected override INotifier CreateNotifier(Uri url, HttpClient http) => new StatuspageNotifier(http,
        new StatuspageOptions { BaseUrl = url, ApiKey = StatuspagePeer.ApiKey, PageId = StatuspagePeer.PageId }, new InMemoryLedger(), TimeProvider.System);

    /// <summary>Only the public text reaches a status page: its first line names the incident, all of it is the update.</summary>
    protected override void AssertKeyFields(Notification sent, JsonObject delivered)
    {
        var notice = sent.Public.ShouldNotBeNull();
        notice.ShouldStartWith(delivered["name"]!.GetValue<string>());
        delivered["incident_updates"]![0]!["body"]!.GetValue<string>().ShouldBe(notice);
    }

    private protected override string WhereNoSecretBelongs(PeerFront.Request request)
    {
        request.Headers.ShouldContain(h => h.Key == "Authorization" && h.Value == "OAuth " + StatuspagePeer.ApiKey);
        return base.WhereNoSecretBelongs(request with { Headers = [.. request.Headers.Where(h => h.Key != "Authorization")] }) + "\n" + request.Target;
    }
}
