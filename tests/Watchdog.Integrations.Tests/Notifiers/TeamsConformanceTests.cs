using System.Text.Json.Nodes;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Teams;
using Watchdog.Integrations.Tests.Http;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>The notifier suite against a Teams Workflows webhook, whose <c>sig</c> query value is the credential.</summary>
public sealed class TeamsConformanceTests : NotifierConformance
{
    private TeamsPeer _teams = null!;

    protected override IReadOnlyList<string> Secrets => [TeamsPeer.Signature];

    protected override Uri ConfiguredUrl => _teams.WebhookUrl;

    protected override IReadOnlyList<JsonObject> Delivered => [.. _teams.Received.Select(d => d.Body)];

    private protected override async Task<IAsyncDisposable> StartPeerAsync(PeerFront front) => _teams = await TeamsPeer.StartAsync(front);

    protected override INotifier CreateNotifier(Uri url, HttpClient http) => new TeamsNotifier(http, new TeamsOptions { WebhookUrl = url });

    protected override void AssertKeyFields(Notification sent, JsonObject delivered)
    {
        var texts = delivered["attachments"]![0]!["content"]!["body"]!.AsArray().Select(e => e!["text"]?.GetValue<string>()).ToList();
        texts[0].ShouldBe(sent.Title);
        texts.ShouldContain(sent.Lines[0]);
    }
}
