using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Hosting;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>The host's own clients (probes and smoke tests; providers and notifiers) never follow a redirect to another origin.</summary>
public class StrictClientTests
{
    [Theory]
    [InlineData(ServiceCollectionExtensions.ProbeClient, "GET")]
    [InlineData(ServiceCollectionExtensions.OutboundClient, "POST")]
    public async Task HostClient_302ToAnotherPort_IsTheAnswerAndNothingReachesTheOtherPort(string client, string method)
    {
        var elsewhere = 0;
        await using var other = await TestPeer.StartAsync(app => app.Map("/{**path}", () => { Interlocked.Increment(ref elsewhere); return Results.Ok(); }));
        await using var service = await TestPeer.StartAsync(app =>
        {
            app.MapGet("/health", () => Results.Json(new { status = "ok" }));
            app.Map("/hook", () => Results.Redirect(other.Url("hook").ToString()));
        });
        await using var host = await InProcessHost.StartAsync(InProcessHost.Service(service.Url("health"), poll: "1h"));
        var http = host.App.Services.GetRequiredService<IHttpClientFactory>().CreateClient(client);
        using var request = new HttpRequestMessage(new HttpMethod(method), service.Url("hook")) { Content = method == "POST" ? new StringContent("{}") : null };
        request.Headers.Add("X-Api-Key", "secret-0123456789");

        using var response = await http.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(302);
        elsewhere.ShouldBe(0);
    }
}
