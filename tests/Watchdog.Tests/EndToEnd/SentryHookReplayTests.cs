using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>Signed Sentry deliveries through the real host: a replay is answered 200, refused with its reason, and acts on nothing.</summary>
public class SentryHookReplayTests
{
    private const string Secret = "sentry-client-secret-0123456789";

    private static string MetricAlert(string action, DateTimeOffset started) => $$$"""
        {"action":"{{{action}}}","actor":{"id":"sentry","name":"Sentry","type":"application"},
         "data":{"description_title":"Critical: Too many errors","description_text":"1000 events in the last 10 minutes",
           "metric_alert":{"id":"4","identifier":"1","title":"Too many errors","status":2,"type":2,
             "date_started":"{{{Stamp(started)}}}","date_detected":"{{{Stamp(started)}}}",
             "organization_id":"5","projects":["api"],"alert_rule":{"id":"7","name":"Too many errors","aggregate":"count()","projects":["api"]}},
           "web_url":"https://sentry.io/organizations/acme/alerts/1/"},
         "installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}
        """;

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> DeliverAsync(InProcessHost host, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/sentry") { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("Sentry-Hook-Resource", "metric_alert");
        request.Headers.Add("Sentry-Hook-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), bytes)));
        request.Headers.Add("Request-ID", Guid.NewGuid().ToString("N"));
        using var answer = await host.Http.SendAsync(request);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<InProcessHost> StartAsync(TestPeer target, string? data = null)
    {
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "DryRun";
        settings["Watchdog:Hooks:Sentry:ClientSecret"] = Secret;
        settings["Watchdog:Hooks:Sentry:UseProjectSlugAsService"] = "true";
        if (data is not null) settings["Watchdog:DataDirectory"] = data;
        return await InProcessHost.StartAsync(settings);
    }

    [Fact]
    public async Task Delivery_StartedLongerAgoThanMaxAge_IsRefusedWithItsReasonAndOpensNothing()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var host = await StartAsync(target);

        var answer = await DeliverAsync(host, MetricAlert("critical", DateTimeOffset.UtcNow.AddHours(-2)));

        answer.GetProperty("raised").GetArrayLength().ShouldBe(0);
        answer.GetProperty("refused")[0].GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("a replay or a stale resend");
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")).ShouldNotBeNull().ShouldBeEmpty();
    }

    [Fact]
    public async Task SameDelivery_AfterARestart_IsRefused_TheJournalRemembersIt()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var data = Directory.CreateTempSubdirectory("watchdog-replay-").FullName;
        var body = MetricAlert("critical", DateTimeOffset.UtcNow.AddMinutes(-1));
        await using (var first = await StartAsync(target, data))
        {
            (await DeliverAsync(first, body)).GetProperty("raised").GetArrayLength().ShouldBe(1);
        }

        await using var again = await StartAsync(target, data);
        var replay = await DeliverAsync(again, body);

        replay.GetProperty("raised").GetArrayLength().ShouldBe(0);
        replay.GetProperty("refused")[0].GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("a repeat of the delivery taken at");
    }
}
