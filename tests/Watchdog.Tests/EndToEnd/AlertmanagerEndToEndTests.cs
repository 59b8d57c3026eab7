using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>A real Alertmanager posts its webhook to Watchdog, and the incident opens.</summary>
public class AlertmanagerEndToEndTests
{
    private const string Token = "alertmanager-hook-token-0123456789";

    private static async Task<(TestPeer Target, InProcessHost Host)> StartAsync()
    {
        var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"), name: "checkout");
        settings["Watchdog:Mode"] = "Approve";
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "echo v2";
        settings["Watchdog:Hooks:Alertmanager:Token"] = Token;
        return (target, await InProcessHost.StartAsync(settings));
    }

    [AlertmanagerFact]
    public async Task RealAlertmanager_FiringAlert_OpensAnIncidentThroughTheWebhook()
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;
        await using var alertmanager = await AlertmanagerProcess.StartAsync($"""
            route:
              receiver: watchdog
              group_by: ['alertname', 'service']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: watchdog
                webhook_configs:
                  - url: '{new Uri(host.Http.BaseAddress!, "hooks/alertmanager")}'
                    send_resolved: true
                    http_config:
                      authorization:
                        type: Bearer
                        credentials: '{Token}'
            """);

        await alertmanager.PostAlertsAsync(JsonSerializer.Serialize(new[]
        {
            new
            {
                labels = new Dictionary<string, string> { ["alertname"] = "CheckoutDown", ["service"] = "checkout", ["meaning"] = "core_broken" },
                annotations = new Dictionary<string, string> { ["summary"] = "checkout returns 500 for every order" },
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            },
        }));

        JsonElement[]? incidents = null;
        for (var i = 0; i < 150 && !(incidents is { Length: > 0 } && incidents[0].GetProperty("state").GetString() == "AwaitingApproval"); i++)
        {
            await Task.Delay(100);
            incidents = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        }

        var incident = incidents.ShouldNotBeNull(alertmanager.Output).ShouldHaveSingleItem();
        incident.GetProperty("service").GetString().ShouldBe("checkout");
        incident.GetProperty("state").GetString().ShouldBe("AwaitingApproval");
        incident.GetProperty("rule").GetString()!.ShouldStartWith("alertmanager:");
        var detail = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{incident.GetProperty("id").GetString()}");
        detail.GetProperty("trigger").GetProperty("summary").GetString()!.ShouldContain("checkout returns 500 for every order");
        detail.GetProperty("trigger").GetProperty("meaning").GetString().ShouldBe("CoreBroken");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token-0123456789")]
    public async Task Hook_WithoutTheToken_Is401AndStoresNothing(string? token)
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/alertmanager") { Content = new StringContent(FiringPayload, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await host.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Hook_MalformedBody_Is400WithAReasonAndStoresNothing()
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/alertmanager") { Content = new StringContent("""{"version":"4","alerts":"nope"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await host.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("alerts");
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldBeEmpty();
    }

    private const string FiringPayload = """
        {"version":"4","groupKey":"{}:{alertname=\"CheckoutDown\"}","truncatedAlerts":0,"status":"firing","receiver":"watchdog",
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"CheckoutDown","service":"checkout","severity":"critical"},"annotations":{},
                    "startsAt":"2026-11-21T03:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"1a2b3c4d5e6f7a8b"}]}
        """;
}
