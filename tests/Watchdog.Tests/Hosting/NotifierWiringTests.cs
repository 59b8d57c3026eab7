using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>Every channel configured in the host receives an incident's messages through the outbound client, as its route says.</summary>
public class NotifierWiringTests
{
    private const string Token = "test-api-token-0123456789";
    private const string RoutingKey = "e93facc04764012d7bfb002500d5d1a6";

    [Fact]
    public async Task ManualTriggerAwaitingApproval_ReachesTeamsPagerDutyAndTheStatusPage()
    {
        var teams = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pagerDuty = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        var statusPage = new TaskCompletionSource<(string? Auth, JsonObject Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var peers = await TestPeer.StartAsync(app =>
        {
            app.MapGet("/health", () => Results.Json(new { status = "ok" }));
            app.MapPost("/workflows/w1/triggers/manual/paths/invoke", async (HttpRequest r) =>
            {
                teams.TrySetResult((await JsonNode.ParseAsync(r.Body))!.AsObject());
                return Results.StatusCode(202);
            });
            app.MapPost("/v2/enqueue", async (HttpRequest r) =>
            {
                var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
                pagerDuty.TrySetResult(body);
                return Results.Json(new { status = "success", message = "Event processed", dedup_key = body["dedup_key"]!.GetValue<string>() }, statusCode: 202);
            });
            app.MapPost("/pages/page1/incidents", async (HttpRequest r) =>
            {
                statusPage.TrySetResult((r.Headers.Authorization.ToString(), (await JsonNode.ParseAsync(r.Body))!.AsObject()));
                return Results.Json(new { id = "sp-1", name = "x", status = "investigating" }, statusCode: 201);
            });
        });
        var settings = InProcessHost.Service(peers.Url("health"));
        settings["Watchdog:Mode"] = "Approve";
        settings["Watchdog:Api:Token"] = Token;
        settings["Watchdog:Notifications:Teams:0:WebhookUrl"] = peers.Url("workflows/w1/triggers/manual/paths/invoke?sig=s3cr3tSig0123456789").ToString();
        settings["Watchdog:Notifications:PagerDuty:0:RoutingKey"] = RoutingKey;
        settings["Watchdog:Notifications:PagerDuty:0:BaseUrl"] = peers.BaseAddress.ToString();
        settings["Watchdog:Notifications:Statuspage:0:ApiKey"] = "sp-key-0123456789";
        settings["Watchdog:Notifications:Statuspage:0:PageId"] = "page1";
        settings["Watchdog:Notifications:Statuspage:0:BaseUrl"] = peers.BaseAddress.ToString();
        settings["Watchdog:Notifications:Statuspage:0:Components:api"] = "cmp-api";
        await using var host = await InProcessHost.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triggers")
        {
            Content = new StringContent("""{"service":"api","meaning":"Security","summary":"API keys leaked in logs"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        (await host.Http.SendAsync(request)).EnsureSuccessStatusCode();

        var card = await teams.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var incidentEvent = await pagerDuty.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var (auth, page) = await statusPage.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var id = (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.Single().GetProperty("id").GetString();
        card["type"]!.GetValue<string>().ShouldBe("message");
        card["attachments"]![0]!["content"]!["type"]!.GetValue<string>().ShouldBe("AdaptiveCard");
        incidentEvent["routing_key"]!.GetValue<string>().ShouldBe(RoutingKey);
        incidentEvent["event_action"]!.GetValue<string>().ShouldBe("trigger");
        incidentEvent["dedup_key"]!.GetValue<string>().ShouldBe("watchdog-" + id);
        incidentEvent["payload"]!["severity"]!.GetValue<string>().ShouldBeOneOf("critical", "error"); // the pager route takes only what needs a person
        auth.ShouldBe("OAuth sp-key-0123456789");
        page["incident"]!["status"]!.GetValue<string>().ShouldBe("investigating");
        page["incident"]!["body"]!.GetValue<string>().ShouldContain("We are currently experiencing issues with api.");
        page["incident"]!["body"]!.GetValue<string>().ShouldNotContain("API keys leaked", customMessage: "internals never reach the public page");
        page["incident"]!["components"]!["cmp-api"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }
}
