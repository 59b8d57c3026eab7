using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Core.Decisions;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Alerts;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Alerts;

/// <summary>
/// A real Alertmanager posts its webhook to a Kestrel peer that answers as Watchdog's endpoint would
/// (bearer token checked, body parsed): what comes out must be the alert that went in, firing, then resolved.
/// </summary>
public sealed class RealAlertmanagerTests
{
    private const string Token = "am-hook-t0ken";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private sealed record Delivery(string Raw, bool Authorized, AlertParseResult Result);

    [AlertmanagerFact]
    public async Task Webhook_FromRealAlertmanager_ParsesFiringThenResolved()
    {
        var deliveries = Channel.CreateUnbounded<Delivery>();
        await using var watchdog = await TestPeer.StartAsync(app => app.MapPost("/hooks/alertmanager", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var authorized = AlertmanagerWebhook.VerifyBearer(Token, request.Headers.Authorization.ToString());
            var result = AlertmanagerWebhook.Parse(raw, new AlertMappingOptions());
            await deliveries.Writer.WriteAsync(new Delivery(Encoding.UTF8.GetString(raw), authorized, result));
            return !authorized ? Results.Unauthorized() : result.IsRejected ? Results.BadRequest(result.Rejection) : Results.NoContent();
        }));
        await using var alertmanager = await AlertmanagerProcess.StartAsync(Config(watchdog.Url("hooks/alertmanager")));

        var startsAt = TimeProvider.System.GetUtcNow().AddMinutes(-2);
        await alertmanager.PostAlertsAsync(Alert(startsAt, endsAt: null));

        var firing = await NextAsync(deliveries, alertmanager);
        firing.Authorized.ShouldBeTrue();
        firing.Raw.ShouldContain("\"endsAt\":\"0001-01-01T00:00:00Z\""); // Go's zero time on the real wire
        firing.Result.Rejection.ShouldBeNull();
        firing.Result.Ignored.ShouldBeEmpty();
        var raised = firing.Result.Alerts.ShouldHaveSingleItem();
        raised.Service.ShouldBe("checkout");
        raised.Source.ShouldBe("alertmanager");
        raised.Status.ShouldBe(AlertStatus.Firing);
        raised.Meaning.ShouldBe(Meaning.CoreBroken);
        raised.Summary.ShouldBe("CheckoutErrors: Error rate 23% on checkout");
        raised.Value.ShouldBe(0.23);
        raised.Signal.ShouldBe(Signal.ErrorRate);
        raised.StartsAt.ShouldBe(startsAt, TimeSpan.FromMilliseconds(1));
        raised.Key.ShouldBe(await FingerprintAsync(alertmanager), "the key is Alertmanager's own fingerprint");

        await alertmanager.PostAlertsAsync(Alert(startsAt, endsAt: TimeProvider.System.GetUtcNow().AddSeconds(-1)));

        var resolved = await NextAsync(deliveries, alertmanager);
        var withdrawn = resolved.Result.Alerts.ShouldHaveSingleItem();
        withdrawn.Status.ShouldBe(AlertStatus.Resolved);
        withdrawn.Key.ShouldBe(raised.Key);
        withdrawn.Service.ShouldBe("checkout");
    }

    private static string Config(Uri hook) => $"""
        route:
          receiver: watchdog
          group_by: ['alertname', 'service']
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: watchdog
            webhook_configs:
              - url: '{hook}'
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: '{Token}'
        """;

    private static string Alert(DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var alert = new Dictionary<string, object>
        {
            ["labels"] = new Dictionary<string, string>
            {
                ["alertname"] = "CheckoutErrors", ["service"] = "checkout", ["severity"] = "critical", ["signal"] = "error_rate",
            },
            ["annotations"] = new Dictionary<string, string> { ["summary"] = "Error rate 23% on checkout", ["value"] = "0.23" },
            ["startsAt"] = Rfc3339(startsAt),
            ["generatorURL"] = "http://prometheus.invalid/graph",
        };
        if (endsAt is { } end) alert["endsAt"] = Rfc3339(end);
        return JsonSerializer.Serialize(new[] { alert });
    }

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<string> FingerprintAsync(AlertmanagerProcess alertmanager)
    {
        using var doc = JsonDocument.Parse(await alertmanager.GetAsync("api/v2/alerts"));
        return doc.RootElement.EnumerateArray().ShouldHaveSingleItem().GetProperty("fingerprint").GetString()!;
    }

    private static async Task<Delivery> NextAsync(Channel<Delivery> deliveries, AlertmanagerProcess alertmanager)
    {
        using var cts = new CancellationTokenSource(Within);
        try
        {
            return await deliveries.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no webhook from alertmanager within {Within.TotalSeconds:0} s:{Environment.NewLine}{alertmanager.Output}");
        }
    }
}
