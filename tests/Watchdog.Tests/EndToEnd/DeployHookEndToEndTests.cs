using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.DeployHooks;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>Deploy webhooks through the real host: the service's timeline, the post-deploy watch at once, replays, and a deploy during an incident told to people.</summary>
public class DeployHookEndToEndTests
{
    private const string VercelSecret = "vercel-webhook-secret-0123456789";
    private const string RailwayToken = "railway-path-token-0123456789abcdefXYZ";
    private const string ApiToken = "api-token-0123456789abcdef";
    private const string Project = "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB";

    private static string VercelEvent(string type, string deployment, string id) => $$$"""
        {"type":"{{{type}}}","id":"{{{id}}}","createdAt":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"region":"sfo1",
         "payload":{"team":{"id":"team_Xy7s2b"},"user":{"id":"usr_4Nw2c"},
           "deployment":{"id":"{{{deployment}}}","name":"web","url":"web-8fj3k2.vercel.app","meta":{"githubCommitSha":"dc36199b2234c6586ebe05ec94078a895c707e29"}},
           "links":{"deployment":"https://vercel.com/acme/web/x","project":"https://vercel.com/acme/web"},
           {{{(type == "deployment.promoted" ? "" : "\"target\":\"production\",")}}}"project":{"id":"{{{Project}}}"},"plan":"pro","regions":["sfo1"]}}
        """;

    private static async Task<HttpResponseMessage> PostVercelAsync(InProcessHost host, string body, string? secret = VercelSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/vercel") { Content = new ByteArrayContent(bytes) };
        if (secret is not null) request.Headers.Add(VercelDeployHook.SignatureHeader, VercelDeployHook.Sign(secret, bytes));
        return await host.Http.SendAsync(request);
    }

    private static Dictionary<string, string?> WebService(TestPeer target, string liveFile)
    {
        var settings = InProcessHost.Service(target.Url("health"), name: "web");
        settings["Watchdog:Services:0:LiveCheckInterval"] = "1h";
        settings["Watchdog:Services:0:Provider:List"] = "printf 'dpl_new\\ndpl_old\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = $"cat '{liveFile}'";
        settings["Watchdog:Hooks:Vercel:Secret"] = VercelSecret;
        settings["Watchdog:Hooks:Vercel:Projects:" + Project] = "web";
        return settings;
    }

    private static Task<TestPeer> Healthy() => TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));

    /// <summary>A service "web" on a command provider that reads what is live from <see cref="LiveFile"/> (dpl_old at first), with the Vercel hook on.</summary>
    private sealed class WebRig(TestPeer target, InProcessHost host, string liveFile) : IAsyncDisposable
    {
        public InProcessHost Host => host;

        public string LiveFile => liveFile;

        public static async Task<WebRig> StartAsync(Action<Dictionary<string, string?>>? more = null)
        {
            var target = await Healthy();
            var live = Path.Combine(Directory.CreateTempSubdirectory("watchdog-live-").FullName, "live");
            await File.WriteAllTextAsync(live, "dpl_old\n");
            var settings = WebService(target, live);
            more?.Invoke(settings);
            return new WebRig(target, await InProcessHost.StartAsync(settings), live);
        }

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await target.DisposeAsync();
        }
    }

    private static async Task<JsonElement> ServiceAsync(InProcessHost host) =>
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/services")).ShouldNotBeNull().ShouldHaveSingleItem();

    private static async Task<JsonElement> WaitForLiveAsync(InProcessHost host, string id)
    {
        var service = await ServiceAsync(host);
        for (var i = 0; i < 200 && !(service.GetProperty("live").ValueKind == JsonValueKind.Object && service.GetProperty("live").GetProperty("id").GetString() == id); i++)
        {
            await Task.Delay(50);
            service = await ServiceAsync(host);
        }

        return service;
    }

    private static string[] Deploys(JsonElement service) => [.. service.GetProperty("deploys").EnumerateArray().Select(d => d.GetProperty("text").GetString()!)];

    [Fact]
    public async Task PostedVercelEvents_PutStartedAndLiveOnTheTimeline_AndStartThePostDeployWatchAtOnce()
    {
        await using var web = await WebRig.StartAsync();
        var (host, live) = (web.Host, web.LiveFile);
        (await WaitForLiveAsync(host, "dpl_old")).GetProperty("liveSince").ValueKind.ShouldBe(JsonValueKind.Null);
        await File.WriteAllTextAsync(live, "dpl_new\n"); // Vercel promotes; the next live check is an hour away

        using var started = await PostVercelAsync(host, VercelEvent("deployment.created", "dpl_new", "evt-created"));
        using var promoted = await PostVercelAsync(host, VercelEvent("deployment.promoted", "dpl_new", "evt-promoted"));
        var service = await ServiceAsync(host);

        started.StatusCode.ShouldBe(HttpStatusCode.OK);
        promoted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("live");
        Deploys(service).ShouldBe(["deployment started: dpl_new (dc36199b2234) on vercel", "live: dpl_new (dc36199b2234) on vercel"]);
        service.GetProperty("live").GetProperty("id").GetString().ShouldBe("dpl_new", "asked at once, not at the next live check");
        service.GetProperty("liveSince").ValueKind.ShouldBe(JsonValueKind.String);
        (await host.Http.GetStringAsync("")).ShouldContain("live: dpl_new (dc36199b2234) on vercel");
    }

    [Fact]
    public async Task AReplay_IsAcknowledgedAndIgnored_ABadSignatureIs401_AndNeitherStoresAnything()
    {
        await using var web = await WebRig.StartAsync();
        var host = web.Host;
        var body = VercelEvent("deployment.created", "dpl_new", "evt-once");
        (await PostVercelAsync(host, body)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var replay = await PostVercelAsync(host, body);
        using var forged = await PostVercelAsync(host, VercelEvent("deployment.created", "dpl_evil", "evt-forged"), "not-the-secret-0123456789abcdef");
        using var unsigned = await PostVercelAsync(host, VercelEvent("deployment.created", "dpl_evil", "evt-unsigned"), null);
        using var malformed = await PostVercelAsync(host, "{\"type\":\"deployment.created\"}");

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refused").GetString().ShouldNotBeNull().ShouldContain("a repeat of the delivery taken at");
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Deploys(await ServiceAsync(host)).ShouldBe(["deployment started: dpl_new (dc36199b2234) on vercel"]);
    }

    [Fact]
    public async Task AGitHubDeploymentStatus_IsCheckedAgainstXHubSignature256_AndTaken()
    {
        const string secret = "github-webhook-secret-0123456789";
        await using var web = await WebRig.StartAsync(settings =>
        {
            settings["Watchdog:Hooks:GitHub:Secret"] = secret;
            settings["Watchdog:Hooks:GitHub:Deployments:0:Repository"] = "acme/web";
            settings["Watchdog:Hooks:GitHub:Deployments:0:Service"] = "web";
        });
        var body = Encoding.UTF8.GetBytes($$$"""
            {"action":"created","deployment_status":{"id":2301234567,"state":"in_progress","environment":"production",
              "created_at":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}","updated_at":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}"},
             "deployment":{"id":987654,"sha":"dc36199b2234c6586ebe05ec94078a895c707e29","ref":"main","environment":"production"},
             "repository":{"id":1,"full_name":"acme/web"},"sender":{"login":"octocat"}}
            """);
        async Task<HttpResponseMessage> PostAsync(string? signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/github") { Content = new ByteArrayContent(body) };
            request.Headers.Add(GitHubDeployHook.EventHeader, "deployment_status");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            if (signature is not null) request.Headers.Add(GitHubDeployHook.SignatureHeader, signature);
            return await web.Host.Http.SendAsync(request);
        }

        using var unsigned = await PostAsync(null);
        using var wrong = await PostAsync(GitHubDeployHook.Sign("another-secret-0123456789abcdef", body));
        using var signed = await PostAsync(GitHubDeployHook.Sign(secret, body));
        using var redelivered = await PostAsync(GitHubDeployHook.Sign(secret, body)); // a new X-GitHub-Delivery, the same signed status

        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await signed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("started");
        (await redelivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refused").GetString().ShouldNotBeNull().ShouldContain("a repeat");
        Deploys(await ServiceAsync(web.Host)).ShouldBe(["deployment started: 987654 (dc36199b2234) on github"]);
    }

    [Fact]
    public async Task ADeployWhileAnIncidentIsOpen_IsToldToPeopleAtOnce()
    {
        await using var team = await PostRecorder.StartAsync("/team");
        await using var web = await WebRig.StartAsync(settings =>
        {
            settings["Watchdog:Mode"] = "Approve";
            settings["Watchdog:Api:Token"] = ApiToken;
            settings["Watchdog:Notifications:Webhooks:0:Name"] = "team";
            settings["Watchdog:Notifications:Webhooks:0:Url"] = team.Peer.Url("team").ToString();
            settings["Watchdog:Notifications:Webhooks:0:Secret"] = "team-webhook-secret-0123456789abcdef";
        });
        var host = web.Host;
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "api/triggers")
        {
            Content = new StringContent("""{"service":"web","meaning":"CoreBroken","summary":"checkout returns 500"}""", Encoding.UTF8, "application/json"),
        };
        trigger.Headers.Authorization = new("Bearer", ApiToken);
        (await host.Http.SendAsync(trigger)).IsSuccessStatusCode.ShouldBeTrue();
        var incident = (await ServiceAsync(host)).GetProperty("openIncident").GetString().ShouldNotBeNull();

        using var answer = await PostVercelAsync(host, VercelEvent("deployment.created", "dpl_hotfix", "evt-during"));

        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alerted").GetBoolean().ShouldBeTrue();
        team.Text.ShouldContain("DEPLOY DURING A FREEZE: web");
        team.Text.ShouldContain("DO NOT deploy anything until rollback complete.");
        team.Text.ShouldContain($"incident {incident} of web is open");
        var detail = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}");
        detail.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("message").GetString())
            .ShouldContain("deployment started: dpl_hotfix (dc36199b2234) on vercel");
    }

    [Fact]
    public async Task ARailwayEvent_NeedsThePathToken_AndIsBelievedOnlyAsRailwaysApiConfirmsIt()
    {
        var status = "SUCCESS";
        var liveId = "dep-old";
        await using var target = await Healthy();
        await using var railway = await TestPeer.StartAsync(app => app.MapPost("/graphql/v2", async (HttpContext http) =>
        {
            var request = (await JsonNode.ParseAsync(http.Request.Body))!;
            var query = request["query"]!.GetValue<string>();
            JsonObject Node(string id, string s) => new()
            {
                ["id"] = id, ["status"] = s, ["createdAt"] = "2026-12-03T05:00:00Z", ["statusUpdatedAt"] = "2026-12-03T05:01:00Z",
                ["canRollback"] = true, ["canRedeploy"] = true, ["meta"] = new JsonObject { ["commitHash"] = "c0ffee1234567" },
                ["serviceId"] = "svc-1", ["environmentId"] = "env-1", ["projectId"] = "prj-1",
                ["instances"] = new JsonArray(new JsonObject { ["id"] = "i", ["status"] = "RUNNING" }),
            };
            JsonObject data = query.StartsWith("query Deployment(", StringComparison.Ordinal)
                ? new() { ["deployment"] = Node(request["variables"]!["id"]!.GetValue<string>(), status) }
                : new() { ["serviceInstance"] = new JsonObject { ["latestDeployment"] = Node(liveId, "SUCCESS"), ["activeDeployments"] = new JsonArray(Node(liveId, "SUCCESS")) } };
            return Results.Json(new JsonObject { ["data"] = data });
        }));
        await using var host = await InProcessHost.StartAsync(RailwayService(target, railway.Url("graphql/v2")));
        await WaitForLiveAsync(host, "dep-old");
        string Event(string deployment) => $$$"""
            {"type":"Deployment.deployed","details":{"id":"{{{deployment}}}","status":"SUCCESS","commitHash":"c0ffee1234567"},
             "resource":{"workspace":{"id":"ws","name":"acme"},"project":{"id":"prj-1","name":"shop"},"environment":{"id":"env-1","name":"production","isEphemeral":false},
               "service":{"id":"svc-1","name":"checkout"},"deployment":{"id":"{{{deployment}}}"}},
             "severity":"INFO","timestamp":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}}"}
            """;

        using var wrongToken = await host.Http.PostAsync("hooks/railway/not-the-token-0123456789abcdefXYZ", new StringContent(Event("dep-new")));
        status = "FAILED"; // Railway's API contradicts the webhook
        using var contradicted = await host.Http.PostAsync($"hooks/railway/{RailwayToken}", new StringContent(Event("dep-bad")));
        status = "SUCCESS";
        liveId = "dep-new";
        using var confirmed = await host.Http.PostAsync($"hooks/railway/{RailwayToken}", new StringContent(Event("dep-new")));
        var service = await ServiceAsync(host);

        wrongToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        contradicted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await contradicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ignored").GetString().ShouldNotBeNull().ShouldContain("not believed");
        (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taken").GetBoolean().ShouldBeTrue();
        Deploys(service).ShouldBe(["live: dep-new (c0ffee123456) on railway"]);
        service.GetProperty("live").GetProperty("id").GetString().ShouldBe("dep-new");
    }

    [Fact]
    public async Task TheRailwayPathToken_NeverReachesTheLog_EvenWithAspNetCoresRequestLogging()
    {
        await using var target = await Healthy();
        var logFile = Path.Combine(Directory.CreateTempSubdirectory("watchdog-log-").FullName, "watchdog.log");
        var settings = RailwayService(target, new Uri("http://127.0.0.1:9/graphql/v2"));
        settings["Serilog:MinimumLevel:Default"] = "Debug";
        settings["Serilog:MinimumLevel:Override:Microsoft"] = "Debug";
        settings["Serilog:WriteTo:0:Name"] = "File";
        settings["Serilog:WriteTo:0:Args:path"] = logFile;

        await using (var host = await InProcessHost.StartAsync(settings))
        {
            (await host.Http.PostAsync($"hooks/railway/{RailwayToken}", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        var log = await File.ReadAllTextAsync(logFile);
        log.ShouldContain("/hooks/railway/", customMessage: "the request is logged");
        log.ShouldNotContain(RailwayToken);
    }

    private static Dictionary<string, string?> RailwayService(TestPeer target, Uri endpoint)
    {
        var settings = InProcessHost.Service(target.Url("health"), name: "checkout");
        settings.Remove("Watchdog:Services:0:Provider:List");
        settings.Remove("Watchdog:Services:0:Provider:Current");
        settings.Remove("Watchdog:Services:0:Provider:Rollback");
        settings["Watchdog:Services:0:LiveCheckInterval"] = "1h";
        settings["Watchdog:Services:0:Provider:Type"] = "Railway";
        settings["Watchdog:Services:0:Provider:Endpoint"] = endpoint.ToString();
        settings["Watchdog:Services:0:Provider:Token"] = "railway-api-token-0123456789";
        settings["Watchdog:Services:0:Provider:ProjectId"] = "prj-1";
        settings["Watchdog:Services:0:Provider:EnvironmentId"] = "env-1";
        settings["Watchdog:Services:0:Provider:ServiceId"] = "svc-1";
        settings["Watchdog:Hooks:Railway:Token"] = RailwayToken;
        return settings;
    }
}
