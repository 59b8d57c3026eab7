using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Http;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>The signed approve/veto links against the real host in Approve mode.</summary>
public class LinkEndpointTests
{
    private const string Secret = "link-secret-0123456789abcdef0123456789";

    private static Task<AwaitingApproval> StartAsync() => AwaitingApproval.StartAsync(new()
    {
        ["Watchdog:Api:PublicUrl"] = "https://watchdog.example.com",
        ["Watchdog:Api:LinkSecret"] = Secret,
    });

    /// <summary>The links the host itself would put in the ApprovalNeeded message: (approve, veto) as paths on the host.</summary>
    private static async Task<(string Approve, string Veto)> LinksAsync(AwaitingApproval s)
    {
        var links = s.Host.App.Services.GetRequiredService<IActionLinks>().ShouldBeOfType<ActionLinks>();
        var incident = await s.Host.App.Services.GetRequiredService<IIncidentStore>().GetAsync(s.Incident, CancellationToken.None);
        var decide = links.Decide(incident!, TimeProvider.System.GetUtcNow().AddHours(1));
        return (decide[0].Url.PathAndQuery, decide[1].Url.PathAndQuery);
    }

    private static Task<HttpResponseMessage> PostAsync(AwaitingApproval s, string path, string? by) =>
        s.Host.Http.PostAsync(path, new FormUrlEncodedContent(by is null ? [] : [new("by", by)]));

    private static async Task<string> StateAsync(AwaitingApproval s) => (await s.IncidentAsync()).GetProperty("state").GetString()!;

    [Fact]
    public async Task ApprovalMessage_CarriesTheLinks_AndFollowingTheApproveLinkActs()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<System.Text.Json.JsonElement>();
        await using var team = await Watchdog.Testing.TestPeer.StartAsync(app => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/hook",
            async (Microsoft.AspNetCore.Http.HttpRequest r) =>
            {
                received.Enqueue(await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.JsonElement>(r.Body));
                return Microsoft.AspNetCore.Http.Results.Ok();
            }));
        await using var s = await AwaitingApproval.StartAsync(new()
        {
            ["Watchdog:Api:PublicUrl"] = "https://watchdog.example.com",
            ["Watchdog:Api:LinkSecret"] = Secret,
            ["Watchdog:Notifications:Webhooks:0:Url"] = team.Url("hook").ToString(),
            ["Watchdog:Notifications:Webhooks:0:Secret"] = "webhook-secret-0123456789abcdef",
        });

        System.Text.Json.JsonElement asked = default;
        for (var i = 0; i < 100 && !received.Any(m => m.GetProperty("kind").GetString() == "approval_needed"); i++) await Task.Delay(50);
        asked = received.Single(m => m.GetProperty("kind").GetString() == "approval_needed");
        var links = asked.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => new Uri(l.GetProperty("url").GetString()!));

        links.Keys.ShouldBe(["Open incident", "Approve rollback", "Veto"]);
        links["Open incident"].ShouldBe(new Uri($"https://watchdog.example.com/?incident={s.Incident}"));
        links["Approve rollback"].Host.ShouldBe("watchdog.example.com");
        using var approved = await PostAsync(s, links["Approve rollback"].PathAndQuery, "alice");
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await s.TimelineAsync()).ShouldContain("approved by alice (signed link)");
    }

    [Fact]
    public async Task Get_ShowsTheConfirmationAndDoesNotAct()
    {
        await using var s = await StartAsync();
        var (approve, veto) = await LinksAsync(s);

        using var page = await s.Host.Http.GetAsync(approve);
        using var prefetchedAgain = await s.Host.Http.GetAsync(approve);
        using var vetoPage = await s.Host.Http.GetAsync(veto);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain($"Approve rolling back api for incident {s.Incident}?");
        html.ShouldContain("<form method=\"post\">");
        html.ShouldContain("name=\"by\"");
        html.ShouldContain("migration 42 corrupted orders");
        prefetchedAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await vetoPage.Content.ReadAsStringAsync()).ShouldContain($"Veto the rollback of api for incident {s.Incident}?");
        (await StateAsync(s)).ShouldBe("AwaitingApproval");
        (await s.TimelineAsync()).ShouldNotContain(m => m.Contains("approved", StringComparison.Ordinal) || m.Contains("vetoed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_Approves_TheTimelineSaysWhoThroughALink_AndAReplayIs409WithNothingMore()
    {
        await using var s = await StartAsync();
        var (approve, _) = await LinksAsync(s);

        using var first = await PostAsync(s, approve, "alice");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).ShouldContain("Approved by alice (signed link)");
        (await s.TimelineAsync()).ShouldContain("approved by alice (signed link)");
        var timeline = await s.TimelineAsync();

        using var replay = await PostAsync(s, approve, "mallory");
        using var replayGet = await s.Host.Http.GetAsync(approve);

        replay.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("already been used by alice");
        replayGet.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var after = await s.TimelineAsync();
        after.Count(m => m.Contains("approved by", StringComparison.Ordinal)).ShouldBe(1);
        after.ShouldNotContain(m => m.Contains("mallory", StringComparison.Ordinal));
        after.Take(timeline.Count).ShouldBe(timeline);
    }

    [Fact]
    public async Task Post_ClaimsTheNonceInTheJournalsLedger()
    {
        await using var s = await StartAsync();
        var (approve, _) = await LinksAsync(s);
        var links = (ActionLinks)s.Host.App.Services.GetRequiredService<IActionLinks>();
        var nonce = links.Verify(approve["/act/".Length..]).Claim!.Nonce;

        (await PostAsync(s, approve, "alice")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await s.Host.App.Services.GetRequiredService<ILedger>().GetAsync(ActionLinks.LedgerScope, nonce, CancellationToken.None)).ShouldBe("alice");
    }

    [Fact]
    public async Task Post_Veto_Vetoes()
    {
        await using var s = await StartAsync();
        var (_, veto) = await LinksAsync(s);

        using var response = await PostAsync(s, veto, "bob");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StateAsync(s)).ShouldBe("Monitoring");
        (await s.TimelineAsync()).ShouldContain("Monitoring: vetoed by bob (signed link): no action; watching");
    }

    [Fact]
    public async Task Post_ApproveAfterTheVetoLinkWasUsed_SaysNotNowAndActsNot()
    {
        await using var s = await StartAsync();
        var (approve, veto) = await LinksAsync(s);
        (await PostAsync(s, veto, "bob")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var late = await PostAsync(s, approve, "alice");

        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await late.Content.ReadAsStringAsync()).ShouldContain("not awaiting approval");
        (await StateAsync(s)).ShouldBe("Monitoring");
        (await s.IncidentAsync()).GetProperty("steps").EnumerateArray().ShouldNotContain(x => x.GetProperty("key").GetString() == "rollback");
    }

    [Fact]
    public async Task ExpiredLink_Is410OnGetAndPost_AndNotClaimed()
    {
        await using var s = await StartAsync();
        var expired = new ActionLinks(new ActionLinkSettings(new Uri("https://watchdog.example.com"), Secret, TimeSpan.FromHours(1)), TimeProvider.System)
            .Sign(new LinkClaim(s.Incident, LinkAction.Approve, TimeProvider.System.GetUtcNow().AddSeconds(-1), "expired-nonce"));

        (await s.Host.Http.GetAsync("act/" + expired)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        using var post = await PostAsync(s, "act/" + expired, "alice");

        post.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await post.Content.ReadAsStringAsync()).ShouldContain("expired");
        (await StateAsync(s)).ShouldBe("AwaitingApproval");
        (await s.Host.App.Services.GetRequiredService<ILedger>().GetAsync(ActionLinks.LedgerScope, "expired-nonce", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ForgedOrAlteredLink_Is403AndActsNot()
    {
        await using var s = await StartAsync();
        var (approve, _) = await LinksAsync(s);
        var forged = new ActionLinks(new ActionLinkSettings(new Uri("https://watchdog.example.com"), "not-our-secret-0123456789abcdef0123", TimeSpan.FromHours(1)), TimeProvider.System)
            .Sign(new LinkClaim(s.Incident, LinkAction.Approve, TimeProvider.System.GetUtcNow().AddHours(1), "forged"));

        foreach (var path in new[] { "act/" + forged, approve[..^2], approve + "x", "act/garbage", "act/a.b" })
        {
            (await s.Host.Http.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            using var post = await PostAsync(s, path, "mallory");
            post.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await post.Content.ReadAsStringAsync()).ShouldContain("not one Watchdog signed");
        }

        (await StateAsync(s)).ShouldBe("AwaitingApproval");
        (await PostAsync(s, approve, "alice")).StatusCode.ShouldBe(HttpStatusCode.OK, "the real link is untouched");
    }

    [Fact]
    public async Task Post_WithoutAName_Is400AndLeavesTheLinkUnused()
    {
        await using var s = await StartAsync();
        var (approve, _) = await LinksAsync(s);

        (await PostAsync(s, approve, null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(s, approve, "   ")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(s, approve, new string('x', 101))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await StateAsync(s)).ShouldBe("AwaitingApproval");
        (await PostAsync(s, approve, "alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LinkForAnIncidentThatIsNotOpen_Is404()
    {
        await using var s = await StartAsync();
        var links = (ActionLinks)s.Host.App.Services.GetRequiredService<IActionLinks>();
        var other = links.Sign(new LinkClaim("20200101-000000-000-api", LinkAction.Approve, TimeProvider.System.GetUtcNow().AddHours(1), "n1"));

        (await s.Host.Http.GetAsync("act/" + other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var post = await PostAsync(s, "act/" + other, "alice");

        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await post.Content.ReadAsStringAsync()).ShouldContain("is not open");
        (await s.Host.App.Services.GetRequiredService<ILedger>().GetAsync(ActionLinks.LedgerScope, "n1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task WithoutPublicUrl_LinksAreOff()
    {
        await using var s = await AwaitingApproval.StartAsync();

        s.Host.App.Services.GetRequiredService<IActionLinks>().ShouldBeSameAs(NoActionLinks.Instance);
        s.Host.App.Services.GetRequiredService<WatchdogSettings>().Links.ShouldBeNull();
        (await s.Host.Http.GetAsync("act/anything.at-all")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
