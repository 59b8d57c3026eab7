using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.PagerDuty;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>The notifier suite against PagerDuty's Events API v2, whose routing key travels in the event's body.</summary>
public sealed class PagerDutyConformanceTests : NotifierConformance
{
    private PagerDutyPeer _pagerDuty = null!;

    protected override IReadOnlyList<string> Secrets => [PagerDutyPeer.RoutingKey];

    protected override Uri ConfiguredUrl => _pagerDuty.BaseUrl;

    /// <summary>Events with one <c>dedup_key</c> fold into one alert, so a 5xx or a timeout is safe to send again (API-NOTES.md §6.3).</summary>
    protected override bool ResendsWhatMayHaveArrived => true;

    protected override IReadOnlyList<JsonObject> Delivered => _pagerDuty.Accepted;

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) => _pagerDuty = await PagerDutyPeer.StartAsync(front);

    protected override INotifier CreateNotifier(Uri url, HttpClient http) =>
        new PagerDutyNotifier(http, new PagerDutyOptions { BaseUrl = url, RoutingKey = PagerDutyPeer.RoutingKey }, TimeProvider.System);

    protected override void AssertKeyFields(Notification sent, JsonObject delivered)
    {
        delivered["event_action"]!.GetValue<string>().ShouldBe("trigger");
        delivered["payload"]!["summary"]!.GetValue<string>().ShouldBe(sent.Title);
    }

    /// <summary><c>routing_key</c> is where the Events API takes the key; nowhere else.</summary>
    private protected override string WhereNoSecretBelongs(PeerFront.Request request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        body["routing_key"]!.GetValue<string>().ShouldBe(PagerDutyPeer.RoutingKey);
        body.Remove("routing_key");
        return base.WhereNoSecretBelongs(request with { Body = body.ToJsonString() }) + "\n" + request.Target;
    }
}
