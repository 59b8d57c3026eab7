using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Hosting;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>GET / as markup: text that peers and people supply never becomes markup.</summary>
public class StatusPageTests
{
    private const string Hostile = "<script>document.title='owned'</script><img src=x onerror=alert(1)>";

    [Fact]
    public async Task HostileText_FromAnAlertAndTheProvider_IsShownAsTextNeverAsMarkup()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "Approve";
        settings["Watchdog:Services:0:Provider:List"] = "printf '%s\\n' '<b>v2</b>' v1";
        settings["Watchdog:Services:0:Provider:Current"] = "printf '%s' '<b>v2</b>'";
        await using var host = await InProcessHost.StartAsync(settings);
        var watch = host.App.Services.GetRequiredService<WatchdogRuntime>().Find("api")!;
        await watch.RaiseAsync(new PushedAlert("api", "k", "alertmanager", AlertStatus.Firing, Meaning.CoreBroken, Hostile, DateTimeOffset.UtcNow), CancellationToken.None);
        watch.OpenIncidentId.ShouldNotBeNull();

        using var response = await host.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.ToString().ShouldBe("text/html; charset=utf-8");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<b>v2");
        html.ShouldContain("&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        html.ShouldContain("&lt;b&gt;v2&lt;/b&gt; → v1", customMessage: "the open incident's versions");
        html.ShouldContain("DEPLOY FREEZE: do not deploy");
    }

    [Fact]
    public async Task Page_LinksEachIncidentToItsJsonAndPostmortem()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "Approve";
        await using var host = await InProcessHost.StartAsync(settings);
        var watch = host.App.Services.GetRequiredService<WatchdogRuntime>().Find("api")!;
        await watch.RaiseAsync(new PushedAlert("api", "k", "manual", AlertStatus.Firing, Meaning.CoreBroken, "checkout broken", DateTimeOffset.UtcNow), CancellationToken.None);
        var id = watch.OpenIncidentId.ShouldNotBeNull();

        var html = await host.Http.GetStringAsync("/");

        html.ShouldContain($"""<a href="api/incidents/{id}">""");
        html.ShouldContain($"""<a href="api/incidents/{id}/postmortem">""");
        (await host.Http.GetAsync($"api/incidents/{id}/postmortem")).IsSuccessStatusCode.ShouldBeTrue("the link leads somewhere");
    }

    [Fact]
    public async Task Page_WithAnIncidentQuery_ShowsThatIncidentEvenOnceClosed()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(target.Url("health")));
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        var closed = new Incident("20260101-000000-000-api", "api", Mode.Approve,
            new Trigger("manual:k", Meaning.CoreBroken, "checkout broken", at, at), at);
        closed.Decide(new Decision(RunbookAction.Rollback, "core broken", closed.Trigger), at);
        closed.MoveTo(IncidentState.AwaitingApproval, at, "waiting for a person");
        closed.MoveTo(IncidentState.Monitoring, at.AddMinutes(1), "vetoed by alice: no action; watching");
        closed.MoveTo(IncidentState.Resolved, at.AddMinutes(30), "healthy again without action");
        await host.App.Services.GetRequiredService<IIncidentStore>().SaveAsync(closed, CancellationToken.None);

        var plain = await host.Http.GetStringAsync("/");
        var selected = await host.Http.GetStringAsync($"/?incident={Uri.EscapeDataString(closed.Id)}");
        var unknown = await host.Http.GetStringAsync("/?incident=no-such-incident");

        plain.ShouldNotContain($"<h2>Incident {closed.Id}</h2>");
        selected.ShouldContain($"<h2>Incident {closed.Id}</h2>");
        selected.ShouldContain("vetoed by alice");
        unknown.ShouldNotContain("<h2>Incident ");
    }

    [Fact]
    public async Task Page_AsksWhatIsLive_WhenTheLastAnswerIsOlderThanTheLiveCheckInterval()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var dir = Directory.CreateTempSubdirectory("watchdog-status-live-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "live"), "v1");
        var settings = InProcessHost.Service(target.Url("health"), poll: "1h"); // one tick at start, then none
        settings["Watchdog:Services:0:Provider:WorkingDirectory"] = dir.FullName;
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "cat live";
        settings["Watchdog:Services:0:LiveCheckInterval"] = "200ms";
        await using var host = await InProcessHost.StartAsync(settings);
        (await host.Http.GetStringAsync("/")).ShouldContain("""<dd class="live">v1</dd>""");

        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "live"), "v2"); // deployed behind Watchdog's back
        await Task.Delay(300);
        var html = await host.Http.GetStringAsync("/");

        html.ShouldContain("""<dd class="live">v2</dd>""");
        html.ShouldContain("""<dd class="live-at">the provider said so """);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Page_ProviderCannotBeAsked_SaysSoBesideWhatWasLastKnown()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"), poll: "1h");
        settings["Watchdog:Services:0:Provider:Current"] = "echo 'platform API down' >&2; exit 3";
        settings["Watchdog:Services:0:LiveCheckInterval"] = "200ms";
        await using var host = await InProcessHost.StartAsync(settings);

        var html = await host.Http.GetStringAsync("/");

        html.ShouldContain("""<dd class="live">unknown</dd>""");
        html.ShouldContain("""<dd class="live-at">could not ask: """);
    }
}
