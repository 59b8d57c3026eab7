using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

public class TriggerEndpointTests
{
    private const string Token = "test-api-token-0123456789";

    private static async Task<(TestPeer Target, InProcessHost Host)> StartAsync(string? token = Token)
    {
        var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "DryRun";
        if (token is not null) settings["Watchdog:Api:Token"] = token;
        return (target, await InProcessHost.StartAsync(settings));
    }

    private static HttpRequestMessage Post(string body, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/triggers") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    public async Task Post_WithoutTheToken_Is401AndOpensNothing(string? token)
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post("""{"service":"api","meaning":"Security","summary":"leaked keys"}""", token));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_NoTokenConfigured_Is401SayingTriggersAreOff()
    {
        var (target, host) = await StartAsync(token: null);
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post("""{"service":"api","meaning":"Security","summary":"x"}""", "anything-at-all-123456"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Watchdog:Api:Token");
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"service":"api","meaning":"Panic","summary":"x"}""", "meaning must be one of")]
    [InlineData("""{"service":"api","meaning":"Security"}""", "summary is required")]
    [InlineData("""{"meaning":"Security","summary":"x"}""", "service is required")]
    public async Task Post_MalformedBody_Is400WithAReasonAndOpensNothing(string body, string reason)
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(reason);
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_SecurityBreach_OpensAnIncidentThatSaysWhoAndWhy()
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post("""{"service":"api","meaning":"Security","summary":"API keys leaked in logs","by":"alice"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var list = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        var incident = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{list!.ShouldHaveSingleItem().GetProperty("id").GetString()}");
        incident.GetProperty("trigger").GetProperty("rule").GetString().ShouldBe("manual:Security");
        incident.GetProperty("trigger").GetProperty("summary").GetString().ShouldBe("manual: API keys leaked in logs (raised by alice)");
        incident.GetProperty("decision").GetProperty("action").GetString().ShouldBe("Rollback");
    }

    [Fact]
    public async Task Post_UnknownService_Is404NamingTheWatchedOnes()
    {
        var (target, host) = await StartAsync();
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post("""{"service":"billing","meaning":"Security","summary":"x"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("watched: api");
    }
}
