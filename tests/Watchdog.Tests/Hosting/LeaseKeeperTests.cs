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
using Watchdog.Hosting;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>
/// Two real hosts on one journal, on one manual clock: the services are split between them, each held by exactly one;
/// what a person asks of the instance that does not hold a service is carried out by the one that does; a clean stop
/// hands the services and their open incident over at once, under a higher token.
/// </summary>
public sealed class LeaseKeeperTests : IAsyncLifetime
{
    private const string Token = "test-api-token-0123456789";
    private static readonly string[] Names = ["api", "web", "worker", "cron"];
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _journal = Directory.CreateTempSubdirectory("watchdog-leases-").FullName;
    private TestPeer _target = null!;

    public async Task InitializeAsync() =>
        _target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        try { Directory.Delete(_journal, recursive: true); } catch (IOException) { }
    }

    private Task<InProcessHost> StartAsync(string instance)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Watchdog:DataDirectory"] = _journal,
            ["Watchdog:Mode"] = "Approve",
            ["Watchdog:Api:Token"] = Token,
            ["Watchdog:Store:Instance"] = instance,
            ["Watchdog:Store:LeaseTtl"] = "00:00:15",
        };
        foreach (var (name, i) in Names.Select((n, i) => (n, i)))
        {
            foreach (var (k, v) in InProcessHost.Service(_target.Url("health"), name, poll: "1h"))
                settings[k.Replace("Services:0:", $"Services:{i}:", StringComparison.Ordinal)] = v;
            settings[$"Watchdog:Services:{i}:Provider:List"] = "printf 'v2\\nv1\\n'";
            settings[$"Watchdog:Services:{i}:Provider:Current"] = "echo v2";
        }

        return InProcessHost.StartAsync(settings, _time);
    }

    private static Task RoundAsync(InProcessHost host) => host.App.Services.GetRequiredService<LeaseKeeper>().RoundAsync(CancellationToken.None);

    private static string[] Held(InProcessHost host) =>
        [.. host.App.Services.GetRequiredService<WatchdogRuntime>().Watches.Where(w => w.Fence!.Watches).Select(w => w.Service).Order()];

    private static Core.Runbook.ServiceWatch Watch(InProcessHost host, string service) => host.App.Services.GetRequiredService<WatchdogRuntime>().Find(service)!;

    private static HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
    };

    [Fact]
    public async Task TwoInstances_SplitTheServices_EachHeldByExactlyOne()
    {
        await using var a = await StartAsync("watchdog-a");
        Held(a).Length.ShouldBe(4, "alone, the first instance holds every service");
        await using var b = await StartAsync("watchdog-b");
        Held(b).ShouldBeEmpty("the services are held, live, by a");

        for (var i = 0; i < 3; i++)
        {
            await RoundAsync(a);
            await RoundAsync(b);
        }

        Held(a).Length.ShouldBe(2);
        Held(b).Length.ShouldBe(2);
        Held(a).Intersect(Held(b)).ShouldBeEmpty();
        var leases = await a.App.Services.GetRequiredService<JournalStore>().ListLeasesAsync(CancellationToken.None);
        leases.Where(l => l.Name.StartsWith("service:", StringComparison.Ordinal)).Select(l => (l.Name["service:".Length..], l.Instance)).Order()
            .ShouldBe(Names.Select(n => (n, Held(a).Contains(n) ? "watchdog-a" : "watchdog-b")).Order());
    }

    [Fact]
    public async Task ATriggerAndAnApprovalOnTheInstanceThatDoesNotHold_AreCarriedOutByTheOneThatDoes()
    {
        await using var a = await StartAsync("watchdog-a");
        await using var b = await StartAsync("watchdog-b");
        await RoundAsync(b);

        using var raised = await b.Http.SendAsync(Post("api/triggers", """{"service":"api","meaning":"DataAtRisk","summary":"orders corrupted","by":"dana"}"""));
        raised.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await raised.Content.ReadAsStringAsync()).ShouldContain("passed to watchdog-a");
        Watch(a, "api").OpenIncidentId.ShouldBeNull("nothing is done until the holder takes it from the journal");

        await RoundAsync(a);
        var id = Watch(a, "api").OpenIncidentId.ShouldNotBeNull();
        var opened = (await a.App.Services.GetRequiredService<IIncidentStore>().GetAsync(id, CancellationToken.None))!;
        opened.State.ShouldBe(IncidentState.AwaitingApproval, string.Join("\n", opened.Timeline.Select(e => e.Message)));

        await RoundAsync(b);
        Watch(b, "api").OpenIncidentId.ShouldBe(id, "the other instance shows the journal's incident");
        using var approved = await b.Http.SendAsync(Post($"api/incidents/{id}/veto", """{"by":"dana"}"""));
        approved.StatusCode.ShouldBe(HttpStatusCode.Accepted, await approved.Content.ReadAsStringAsync());

        await RoundAsync(a);
        var incident = (await a.App.Services.GetRequiredService<IIncidentStore>().GetAsync(id, CancellationToken.None))!;
        incident.Timeline.ShouldContain(e => e.Message.Contains("vetoed by dana"));
        (await a.App.Services.GetRequiredService<IIncidentStore>().ListAsync(10, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ACleanStop_HandsTheServicesAndTheirOpenIncidentOver_AtOnce_UnderAHigherToken()
    {
        var a = await StartAsync("watchdog-a");
        await using var b = await StartAsync("watchdog-b");
        using (var raised = await a.Http.SendAsync(Post("api/triggers", """{"service":"api","meaning":"DataAtRisk","summary":"orders corrupted","by":"dana"}""")))
            raised.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = Watch(a, "api").OpenIncidentId.ShouldNotBeNull();
        var before = Watch(a, "api").Fence!.Token;

        await a.DisposeAsync();
        await RoundAsync(b);

        Held(b).ShouldBe(Names.Order().ToArray());
        Watch(b, "api").Fence!.Token.ShouldBeGreaterThan(before);
        Watch(b, "api").OpenIncidentId.ShouldBe(id, "the holder carries on with the incident the journal shows open");
        using var vetoed = await b.Http.SendAsync(Post($"api/incidents/{id}/veto", """{"by":"dana"}"""));
        (await vetoed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("vetoed by dana");
    }
}
