using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>GET / in a real headless Chromium: what the on-call person sees, read as rendered text.</summary>
public class StatusPageBrowserTests
{
    private const string Token = "status-page-token-0123456789";
    private const string EarlierIncident = "20260101-030000-000-api";

    [ChromiumFact]
    public async Task OpenIncident_PersonSeesTheFreezeTheIncidentItsTriggerAndItsTimeline()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "Approve";
        settings["Watchdog:Api:Token"] = Token;
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "echo v2";
        await using var host = await InProcessHost.StartAsync(settings);
        await SaveEarlierRollbackToV1Async(host);
        await WaitUntilAsync(host, services => services[0].GetProperty("rules").GetArrayLength() > 0, "the first poll");
        var id = await TriggerAsync(host, "checkout returns 500 for every card payment");

        await using var chromium = await Chromium.StartAsync();
        await using var browser = await chromium.OpenAsync();
        await browser.GoToAsync(host.Http.BaseAddress!);
        await StatusPageShots.SaveAsync(browser, "awaiting-approval");

        var banner = await browser.TextAsync("#freeze-banner");
        banner.ShouldStartWith("DEPLOY FREEZE: do not deploy");
        banner.ShouldContain($"api ({id})");
        (await browser.TitleAsync()).ShouldStartWith("DEPLOY FREEZE");
        (await browser.TextAsync(".service-name")).ShouldBe("api");
        (await browser.TextAsync(".service .health")).ShouldBe("incident open");
        (await browser.TextAsync(".service .live")).ShouldBe("v2");
        (await browser.TextAsync(".service .last-stable")).ShouldStartWith($"v1: rolled back to in {EarlierIncident}");

        var incident = $"#incident-{id}";
        (await browser.TextAsync($"{incident} h3")).ShouldBe($"{id} AwaitingApproval");
        (await browser.AttributesAsync($"{incident} h3 .state", "class")).Single().ShouldBe("badge state state-awaitingapproval");
        (await browser.TextAsync($"{incident} .next-steps")).ShouldContain($"Watchdog veto {id}");
        (await browser.TextAsync($"{incident} .trigger")).ShouldBe("manual:CoreBroken: manual: checkout returns 500 for every card payment");
        (await browser.TextAsync($"{incident} .decision")).ShouldStartWith("Rollback: ");
        (await browser.TextAsync($"{incident} .versions")).ShouldBe("v2 → v1");
        var timeline = await browser.TextsAsync($"{incident} .timeline tbody tr");
        timeline.ShouldContain(line => line.Contains("detected") && line.Contains("checkout returns 500 for every card payment"));
        timeline.ShouldContain(line => line.Contains("AwaitingApproval: Approve mode: waiting for a person"));

        var recent = await browser.TextsAsync("#recent tbody tr");
        recent.Count.ShouldBe(2);
        recent[0].ShouldStartWith(id);
        recent[0].ShouldContain("AwaitingApproval, open");
        recent[1].ShouldStartWith(EarlierIncident);
        recent[1].ShouldContain("Resolved");
        recent[1].ShouldContain("10m");
    }

    [ChromiumFact]
    public async Task NoIncident_NoBannerAndTheServiceIsHealthy()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Services:0:Health:Window"] = "30s"; // once 10 probes are in, none leaves the window during the test
        await using var host = await InProcessHost.StartAsync(settings);
        // Before the first tick there are no verdicts at all, and All() of nothing is true: wait for the three.
        await WaitUntilAsync(host, services => services[0].GetProperty("rules").GetArrayLength() == 3 && services[0].GetProperty("rules").EnumerateArray()
            .All(r => r.GetProperty("status").GetString() == "Inactive"), "every rule inactive");

        await using var chromium = await Chromium.StartAsync();
        await using var browser = await chromium.OpenAsync();
        await browser.GoToAsync(host.Http.BaseAddress!);
        await StatusPageShots.SaveAsync(browser, "healthy");

        (await browser.TextsAsync("#freeze-banner")).ShouldBeEmpty();
        (await browser.TextAsync("#no-freeze")).ShouldBe("No deploy freeze: no incident is open.");
        (await browser.TitleAsync()).ShouldBe("Watchdog status");
        (await browser.TextAsync(".service-name")).ShouldBe("api");
        (await browser.TextAsync(".service .health")).ShouldBe("healthy", customMessage: string.Join(" | ", await browser.TextsAsync(".service .rules tbody td:nth-child(4)")));
        (await browser.TextAsync(".service .live")).ShouldBe("v1");
        (await browser.TextAsync(".service .last-stable")).ShouldStartWith("unknown");
        (await browser.TextsAsync(".service .rules tbody td:first-child")).ShouldBe(["error-rate", "availability", "service-down"]);
        (await browser.TextsAsync(".service .rules tbody td:nth-child(2)")).ShouldAllBe(status => status == "inactive");
        (await browser.TextsAsync(".service .rules tbody td:nth-child(3)")).ShouldContain("inactive: now 100%, window 100%");
        (await browser.TextsAsync(".service .rules tbody td:nth-child(4)")).ShouldContain("availability (Availability < 95% for 5m): inactive, measured 100%");
        (await browser.TextsAsync("#dry-run-banner")).ShouldBeEmpty();
        (await StatusPageShots.ChartGeometryAsync(browser, "availability", 0.95)).ShouldBeEmpty("no deploy, no incident");
        await StatusPageShots.ChartGeometryAsync(browser, "error-rate", 0.10);
        (await browser.TextAsync("#open-incidents")).ShouldContain("No open incident.");
        (await browser.TextAsync("#recent")).ShouldContain("No incidents in the journal.");
    }

    /// <summary>An earlier incident that rolled back from v0 to v1, was verified, and resolved: v1 is known stable.</summary>
    private static async Task SaveEarlierRollbackToV1Async(InProcessHost host)
    {
        var at = new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero);
        var trigger = new Trigger("error-rate", Meaning.UsersAffected, "error-rate firing, measured 62%", at.AddMinutes(-5), at, Signal.ErrorRate, 0.62, 0.1, TimeSpan.FromMinutes(5));
        var incident = new Incident(EarlierIncident, "api", Mode.Auto, trigger, at) { FromVersion = "v0", ToVersion = "v1" };
        incident.Decide(new Decision(RunbookAction.Rollback, "more than 50% of users affected", trigger), at);
        incident.RollbackStartedAt = at.AddMinutes(1);
        incident.MoveTo(IncidentState.RollingBack, at.AddMinutes(1), "rolling back from v0 to v1");
        incident.MoveTo(IncidentState.Verifying, at.AddMinutes(2), "verifying");
        incident.RestoredAt = at.AddMinutes(3);
        incident.MoveTo(IncidentState.Monitoring, at.AddMinutes(3), "service restored on v1");
        incident.MoveTo(IncidentState.Resolved, at.AddMinutes(10), "stable for 7m after the rollback to v1");
        await host.App.Services.GetRequiredService<IIncidentStore>().SaveAsync(incident, CancellationToken.None);
    }

    /// <summary>A person raises a trigger; in Approve mode the incident then waits for them.</summary>
    private static async Task<string> TriggerAsync(InProcessHost host, string summary)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triggers")
        {
            Content = new StringContent($$"""{"service":"api","meaning":"CoreBroken","summary":"{{summary}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await host.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident").GetString().ShouldNotBeNull();
        (await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("state").GetString().ShouldBe("AwaitingApproval");
        return id;
    }

    private static async Task WaitUntilAsync(InProcessHost host, Func<JsonElement[], bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (done((await host.Http.GetFromJsonAsync<JsonElement[]>("api/services"))!)) return;
            await Task.Delay(50);
        }

        throw new TimeoutException($"waited 20 s for {what}");
    }
}
