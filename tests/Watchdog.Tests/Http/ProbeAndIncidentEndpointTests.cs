using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

public class ProbeAndIncidentEndpointTests
{
    [Fact]
    public async Task Probes_LiveAndReadyOnceStarted()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));

        (await host.Http.GetAsync("healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.Http.GetAsync("readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Incidents_ListAndDetailServeTheJournal()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
        var trigger = new Trigger("error-rate", Meaning.UsersAffected, "error-rate firing, measured 62%", at, at.AddMinutes(5), Signal.ErrorRate, 0.62, 0.1, TimeSpan.FromMinutes(5))
        {
            MeasuredOver = TimeSpan.FromMinutes(2),
        };
        var incident = new Incident("20261121-030500-000-api", "api", Mode.Auto, trigger, at.AddMinutes(5)) { FromVersion = "v2", ToVersion = "v1" };
        incident.Decide(new Decision(RunbookAction.Rollback, "more than 50% of users affected", trigger), at.AddMinutes(5));
        await host.App.Services.GetRequiredService<IIncidentStore>().SaveAsync(incident, CancellationToken.None);

        var list = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        var detail = await host.Http.GetFromJsonAsync<JsonElement>("api/incidents/20261121-030500-000-api");
        var missing = await host.Http.GetAsync("api/incidents/nope");

        list.ShouldNotBeNull().ShouldHaveSingleItem().GetProperty("state").GetString().ShouldBe("Decided");
        detail.GetProperty("trigger").GetProperty("value").GetDouble().ShouldBe(0.62);
        detail.GetProperty("trigger").GetProperty("window").GetString().ShouldBe("2m");
        detail.GetProperty("trigger").GetProperty("heldFor").GetString().ShouldBe("5m");
        detail.GetProperty("fromVersion").GetString().ShouldBe("v2");
        detail.GetProperty("metrics").GetProperty("timeToDetectSeconds").GetDouble().ShouldBe(300);
        detail.GetProperty("timeline")[0].GetProperty("message").GetString()!.ShouldStartWith("Decided: Rollback");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Postmortem_ServesSeedOnesTemplateFilledIn()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
        var trigger = new Trigger("error-rate", Meaning.UsersAffected, "error-rate firing, measured 62%", at, at.AddMinutes(5), Signal.ErrorRate, 0.62, 0.1, TimeSpan.FromMinutes(5))
        {
            MeasuredOver = TimeSpan.FromMinutes(2),
        };
        var incident = new Incident("20261121-030500-000-api", "api", Mode.Auto, trigger, at.AddMinutes(5)) { FromVersion = "v2", ToVersion = "v1" };
        incident.Decide(new Decision(RunbookAction.Rollback, "more than 50% of users affected", trigger), at.AddMinutes(5));
        await host.App.Services.GetRequiredService<IIncidentStore>().SaveAsync(incident, CancellationToken.None);

        using var response = await host.Http.GetAsync("api/incidents/20261121-030500-000-api/postmortem");
        var markdown = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        markdown.ShouldStartWith("# Post-Mortem: api — error-rate (20261121-030500-000-api)");
        markdown.ShouldContain("| 03:00:00 | Issue began (first breached reading) |");
        markdown.ShouldContain("| Time to detect | 5m |");
        markdown.ShouldContain("| Fix underlying bug in v2 | | | P0 |");
    }

    [Fact]
    public async Task Freeze_OpenIncident_Is423UntilItIsResolved()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "Approve";
        await using var host = await InProcessHost.StartAsync(settings);

        (await host.Http.GetAsync("api/freeze")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var watch = host.App.Services.GetRequiredService<Watchdog.Hosting.WatchdogRuntime>().Find("api")!;
        await watch.RaiseAsync(new PushedAlert("api", "k", "manual", AlertStatus.Firing, Meaning.CoreBroken, "checkout broken", DateTimeOffset.UtcNow), CancellationToken.None);

        using var frozen = await host.Http.GetAsync("api/freeze?service=api");
        frozen.StatusCode.ShouldBe((HttpStatusCode)423);
        var body = await frozen.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("frozen").GetBoolean().ShouldBeTrue();
        body.GetProperty("services")[0].GetProperty("incident").GetString().ShouldBe(watch.OpenIncidentId);
        (await host.Http.GetAsync("api/freeze?service=billing")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Notice_AfterDowntime_IsTheDraftForUsers_OtherwiseNotFoundSayingWhy()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
        var store = host.App.Services.GetRequiredService<IIncidentStore>();
        await store.SaveAsync(new Incident("down", "api", Mode.Auto, new Trigger("service-down", Meaning.ServiceDown, "no answer", at, at), at) { RestoredAt = at.AddMinutes(7) }, CancellationToken.None);
        await store.SaveAsync(new Incident("slow", "api", Mode.Auto, new Trigger("latency", Meaning.Performance, "slow", at, at), at), CancellationToken.None);

        var notice = await host.Http.GetStringAsync("api/incidents/down/notice");
        using var none = await host.Http.GetAsync("api/incidents/slow/notice");

        notice.ShouldStartWith("Subject: Service Restored - Brief Outage");
        notice.ShouldContain("from 03:00 UTC to 03:07 UTC (7m)");
        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await none.Content.ReadAsStringAsync()).ShouldContain("the service was not down and no data was at risk");
    }
}
