using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;

namespace Watchdog.Tests.Support;

/// <summary>
/// The in-process host in Approve mode with one incident waiting for a person: a "data at risk"
/// manual trigger on service <c>api</c>, live v2 with v1 before it.
/// </summary>
public sealed class AwaitingApproval : IAsyncDisposable
{
    public const string Token = "approval-token-0123456789";

    private AwaitingApproval(TestPeer target, InProcessHost host, string dir, string incident)
    {
        Target = target;
        Host = host;
        Dir = dir;
        Incident = incident;
    }

    public TestPeer Target { get; }

    public InProcessHost Host { get; }

    /// <summary>The provider's working directory (commands write their traces here).</summary>
    public string Dir { get; }

    /// <summary>The id of the incident awaiting approval.</summary>
    public string Incident { get; }

    /// <param name="settings">More host keys (full paths), added to or replacing the scenario's.</param>
    public static async Task<AwaitingApproval> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-approve-").FullName;
        var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var all = InProcessHost.Service(target.Url("health"));
        all["Watchdog:Mode"] = "Approve";
        all["Watchdog:Api:Token"] = Token;
        all["Watchdog:Services:0:Provider:WorkingDirectory"] = dir;
        all["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        all["Watchdog:Services:0:Provider:Current"] = "echo v2";
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var host = await InProcessHost.StartAsync(all);

        using var trigger = Request(host, "api/triggers", """{"service":"api","meaning":"DataAtRisk","summary":"migration 42 corrupted orders"}""");
        (await host.Http.SendAsync(trigger)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonElement[]? incidents = null;
        for (var i = 0; i < 100 && !(incidents is { Length: > 0 } && incidents[0].GetProperty("state").GetString() == "AwaitingApproval"); i++)
        {
            await Task.Delay(50);
            incidents = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        }

        incidents.ShouldNotBeNull().ShouldHaveSingleItem().GetProperty("state").GetString().ShouldBe("AwaitingApproval");
        return new AwaitingApproval(target, host, dir, incidents[0].GetProperty("id").GetString()!);
    }

    /// <summary>A JSON POST to the host, with the API token unless <paramref name="token"/> says otherwise.</summary>
    public HttpRequestMessage Post(string path, string body, string? token = Token) => Request(Host, path, body, token);

    private static HttpRequestMessage Request(InProcessHost host, string path, string body, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The incident as <c>GET /api/incidents/{id}</c> gives it.</summary>
    public Task<JsonElement> IncidentAsync() => Host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{Incident}");

    /// <summary>The incident once <paramref name="done"/> holds for it (the runbook runs on its own after an approval); fails after 30 s.</summary>
    public async Task<JsonElement> IncidentWhenAsync(Func<JsonElement, bool> done)
    {
        var incident = await IncidentAsync();
        for (var i = 0; i < 600 && !done(incident); i++)
        {
            await Task.Delay(50);
            incident = await IncidentAsync();
        }

        done(incident).ShouldBeTrue($"incident {Incident} never got there: {incident}");
        return incident;
    }

    public async Task<IReadOnlyList<string>> TimelineAsync() =>
        [.. (await IncidentAsync()).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Target.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
