using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.FlagHooks;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>
/// Flag-service webhooks through the real host: a signed LaunchDarkly change is kept as a suspect, and the incident that
/// follows turns that flag off at LaunchDarkly rather than roll back; forged, replayed and unrouted deliveries change nothing.
/// </summary>
public sealed class FlagHookEndToEndTests
{
    private const string LdSecret = "ld-webhook-secret-0123456789abcdef";
    private const string UnleashToken = "unleash-hook-token-0123456789";
    private const string AlertToken = "alertmanager-hook-token-0123456789";
    private const string LdToken = "api-0123456789abcdef0123456789";

    private static string LdEntry(string id, string flag, bool on, DateTimeOffset at, string project = "shop")
    {
        string State(bool value) => "{\"key\":\"" + flag + "\",\"environments\":{\"production\":{\"on\":" + (value ? "true" : "false") + "}}}";
        return $$$"""
            {"_links":{"canonical":{"href":"/api/v2/flags/{{{project}}}/{{{flag}}}","type":"application/json"}},
             "_id":"{{{id}}}","date":{{{at.ToUnixTimeMilliseconds()}}},"kind":"flag","name":"New checkout","titleVerb":"turned {{{(on ? "on" : "off")}}} the flag",
             "accesses":[{"action":"updateOn","resource":"proj/{{{project}}}:env/production:flag/{{{flag}}}"}],
             "member":{"_id":"m1"},"currentVersion":{{{State(on)}}},"previousVersion":{{{State(!on)}}}}
            """;
    }

    private static string UnleashEvent(long id, string type, string flag, DateTimeOffset at) => $$$"""
        {"id":{{{id}}},"type":"{{{type}}}","createdBy":"someone","createdAt":"{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}}",
         "featureName":"{{{flag}}}","project":"default","environment":"production","data":null,"preData":null,"tags":[]}
        """;

    private sealed class Rig(TestPeer target, TestPeer launchDarkly, InProcessHost host, ConcurrentQueue<string> patched) : IAsyncDisposable
    {
        public InProcessHost Host => host;

        public IReadOnlyCollection<string> Patched => patched;

        public static async Task<Rig> StartAsync()
        {
            var patched = new ConcurrentQueue<string>();
            var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
            var ld = await TestPeer.StartAsync(app => app.MapMethods("/api/v2/flags/{project}/{flag}", ["PATCH"], (string project, string flag) =>
            {
                patched.Enqueue($"{project}/{flag}");
                return Results.Json(new { key = flag });
            }));
            var settings = InProcessHost.Service(target.Url("health"), name: "checkout");
            settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
            settings["Watchdog:Services:0:Provider:Current"] = "echo v2";
            settings["Watchdog:Hooks:Alertmanager:Token"] = AlertToken;
            settings["Watchdog:Hooks:LaunchDarkly:Secret"] = LdSecret;
            settings["Watchdog:Hooks:Unleash:Token"] = UnleashToken;
            settings["Watchdog:Services:0:Flags:Type"] = "LaunchDarkly";
            settings["Watchdog:Services:0:Flags:BaseUrl"] = ld.BaseAddress.ToString();
            settings["Watchdog:Services:0:Flags:Token"] = LdToken;
            settings["Watchdog:Services:0:Flags:ProjectKey"] = "shop";
            settings["Watchdog:Services:0:Flags:EnvironmentKey"] = "production";
            settings["Watchdog:Services:1:Name"] = "other";
            settings["Watchdog:Services:1:Health:Url"] = target.Url("health").ToString();
            settings["Watchdog:Services:1:Provider:List"] = "echo v1";
            settings["Watchdog:Services:1:Provider:Current"] = "echo v1";
            settings["Watchdog:Services:1:Provider:Rollback"] = "true";
            settings["Watchdog:Services:1:Flags:Type"] = "Unleash";
            settings["Watchdog:Services:1:Flags:BaseUrl"] = ld.BaseAddress.ToString();
            settings["Watchdog:Services:1:Flags:Token"] = LdToken;
            settings["Watchdog:Services:1:Flags:Environment"] = "production";

            return new Rig(target, ld, await InProcessHost.StartAsync(settings), patched);
        }

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await launchDarkly.DisposeAsync();
            await target.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> PostLdAsync(InProcessHost host, string body, string? secret = LdSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/launchdarkly") { Content = new ByteArrayContent(bytes) };
        if (secret is not null) request.Headers.Add(LaunchDarklyFlagHook.SignatureHeader, LaunchDarklyFlagHook.Sign(secret, bytes));
        return await host.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostUnleashAsync(InProcessHost host, string body, string? token = UnleashToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "hooks/unleash") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        return await host.Http.SendAsync(request);
    }

    private static async Task<JsonElement> AnswerAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task AFlagTurnedOnAtLaunchDarkly_ThenAnAlert_TurnsThatFlagOffAtLaunchDarkly_AndTheIncidentSaysWhy()
    {
        await using var rig = await Rig.StartAsync();
        var host = rig.Host;
        using var taken = await PostLdAsync(host, LdEntry("entry-1", "new-checkout", on: true, DateTimeOffset.UtcNow.AddMinutes(-4)));
        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AnswerAsync(taken)).GetProperty("taken").EnumerateArray().Select(t => t.GetString()).ShouldBe(["checkout:new-checkout"]);

        await AlertmanagerPush.FiringAsync(host, AlertToken, "checkout", DateTimeOffset.UtcNow.AddMinutes(-1));

        for (var i = 0; i < 150 && rig.Patched.Count == 0; i++) await Task.Delay(50);

        rig.Patched.ShouldContain("shop/new-checkout");
        var incident = (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")).ShouldNotBeNull().ShouldHaveSingleItem();
        var detail = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{incident.GetProperty("id").GetString()}");
        var timeline = detail.GetProperty("timeline").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        timeline.Single(e => e.Kind == "suspects").Message.ShouldStartWith("1. flag new-checkout turned on at launchdarkly 3m");
        timeline.ShouldContain(e => e.Kind == "state" && e.Message.StartsWith("Decided: DisableFlag: flag new-checkout turned on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgedReplayedOrUnrouted_ChangeNothing()
    {
        await using var rig = await Rig.StartAsync();
        var host = rig.Host;
        var body = LdEntry("entry-2", "new-checkout", on: true, DateTimeOffset.UtcNow);
        (await PostLdAsync(host, body)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var replay = await PostLdAsync(host, body);
        using var forged = await PostLdAsync(host, LdEntry("entry-3", "evil", true, DateTimeOffset.UtcNow), "not-the-secret-0123456789abcdef");
        using var unsigned = await PostLdAsync(host, LdEntry("entry-4", "evil", true, DateTimeOffset.UtcNow), null);
        using var stale = await PostLdAsync(host, LdEntry("entry-5", "old", true, DateTimeOffset.UtcNow.AddHours(-2)));
        using var unrouted = await PostLdAsync(host, LdEntry("entry-6", "x", true, DateTimeOffset.UtcNow, project: "elsewhere"));
        using var malformed = await PostLdAsync(host, """{"_id":"e7"}""");
        using var tooLarge = await PostLdAsync(host, "{\"pad\":\"" + new string('x', 1024 * 1024) + "\"}");

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AnswerAsync(replay)).GetProperty("refused")[0].GetProperty("reason").GetString()!.ShouldContain("a repeat of the delivery taken at");
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AnswerAsync(stale)).GetProperty("refused")[0].GetProperty("reason").GetString()!.ShouldContain("a replay or a stale retry");
        (await AnswerAsync(unrouted)).GetProperty("ignored").GetString()!.ShouldContain("no watched service has LaunchDarkly flags in 'elsewhere/production'");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AnUnleashEvent_NeedsItsAuthorization_AndIsTakenForTheServiceOnThatProjectAndEnvironment()
    {
        await using var rig = await Rig.StartAsync();
        var host = rig.Host;
        var body = UnleashEvent(41, "feature-environment-enabled", "beta-search", DateTimeOffset.UtcNow);

        using var wrong = await PostUnleashAsync(host, body, "not-the-token-0123456789");
        using var none = await PostUnleashAsync(host, body, null);
        using var taken = await PostUnleashAsync(host, body);
        using var ignored = await PostUnleashAsync(host, UnleashEvent(42, "feature-tagged", "beta-search", DateTimeOffset.UtcNow));

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AnswerAsync(taken)).GetProperty("taken").EnumerateArray().Select(t => t.GetString()).ShouldBe(["other:beta-search"]);
        (await AnswerAsync(ignored)).GetProperty("ignored").GetString()!.ShouldContain("changes no flag's state");
    }
}
