using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Configuration;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>Api:ReadToken locks the status page and /api/*; command lines and their output are shown only to a reader with a token.</summary>
public sealed class ReadLockTests : IAsyncLifetime
{
    private const string ReadToken = "read-token-0123456789abcdef";
    private const string ApiToken = "api-token-0123456789abcdef";
    private const string Command = "git checkout deploy-41 && railway up --detach";
    private const string IncidentId = "20261121-030500-000-api";

    private TestPeer _target = null!;

    public async Task InitializeAsync() => _target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));

    public async Task DisposeAsync() => await _target.DisposeAsync();

    private async Task<InProcessHost> StartAsync(bool locked)
    {
        var settings = InProcessHost.Service(_target.Url("health"));
        settings["Watchdog:Mode"] = "DryRun";
        settings["Watchdog:Api:Token"] = ApiToken;
        if (locked) settings["Watchdog:Api:ReadToken"] = ReadToken;
        var host = await InProcessHost.StartAsync(settings);
        var at = new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
        var incident = new Incident(IncidentId, "api", Mode.Auto, new Trigger("error-rate", Meaning.UsersAffected, "error rate 62%", at, at), at);
        incident.Record(at, TimelineKind.Step, $"rollback failed: command provider rollback: `{Command}` exit 1: fatal: could not read Username");
        incident.Record(at, TimelineKind.Step, $"rollback succeeded (attempt 2): $ {Command} …"); // a step's first output line, as the journal words it
        incident.SetStep(new StepRecord("rollback", StepStatus.Failed, 1, at, at, $"$ {Command}\nexit 1 after 2s\nstderr:\nfatal: could not read Username"));
        await host.App.Services.GetRequiredService<IIncidentStore>().SaveAsync(incident, CancellationToken.None);
        return host;
    }

    private static HttpRequestMessage Get(string path, string? bearer = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return request;
    }

    private static HttpClient NoRedirects(InProcessHost host) => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };

    [Fact]
    public async Task Locked_AnonymousReader_GetsTheLoginOr401_ButProbesAndMetricsStayOpen()
    {
        await using var host = await StartAsync(locked: true);
        using var http = NoRedirects(host);

        using var page = await http.SendAsync(Get("/?incident=" + IncidentId));
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldBe("/login?incident=" + IncidentId);
        foreach (var api in (string[])["api/services", "api/incidents", $"api/incidents/{IncidentId}", $"api/incidents/{IncidentId}/postmortem", "api/freeze"])
            (await http.SendAsync(Get(api))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, api);
        foreach (var open in (string[])["healthz", "metrics"])
            (await http.SendAsync(Get(open))).StatusCode.ShouldBe(HttpStatusCode.OK, open);
    }

    [Theory]
    [InlineData(ReadToken)]
    [InlineData(ApiToken)]
    public async Task Locked_BearerReadTokenOrApiToken_Reads(string token)
    {
        await using var host = await StartAsync(locked: true);
        using var http = NoRedirects(host);

        (await http.SendAsync(Get("/", token))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.SendAsync(Get("api/incidents", token))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.SendAsync(Get("api/incidents", "wrong-token-0123456789"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_RightToken_SetsAnHttpOnlyCookieThatIsNotTheToken_AndThePageReads()
    {
        await using var host = await StartAsync(locked: true);
        using var http = NoRedirects(host);

        using var wrong = await http.PostAsync("login", new FormUrlEncodedContent([new("token", "guess-0123456789abcdef")]));
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.Headers.Contains("Set-Cookie").ShouldBeFalse();

        using var right = await http.PostAsync("login", new FormUrlEncodedContent([new("token", ReadToken), new("incident", IncidentId)]));
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        right.Headers.Location!.ToString().ShouldBe("/?incident=" + IncidentId);
        var setCookie = right.Headers.GetValues("Set-Cookie").ShouldHaveSingleItem();
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        setCookie.ShouldNotContain(ReadToken);

        using var page = await http.SendAsync(Get("/?incident=" + IncidentId, cookie: setCookie.Split(';')[0]));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("railway up --detach"); // logged in: a trusted reader
    }

    [Fact]
    public async Task Open_AnonymousReader_SeesNoCommandLineOrOutput_AReaderWithTheTokenDoes()
    {
        await using var host = await StartAsync(locked: false);
        using var http = NoRedirects(host);

        var anonymous = await (await http.SendAsync(Get($"api/incidents/{IncidentId}"))).Content.ReadAsStringAsync();
        var page = await (await http.SendAsync(Get($"/?incident={IncidentId}"))).Content.ReadAsStringAsync();
        var postmortem = await (await http.SendAsync(Get($"api/incidents/{IncidentId}/postmortem"))).Content.ReadAsStringAsync();
        foreach (var shown in (string[])[anonymous, page, postmortem])
        {
            shown.ShouldNotContain("railway up");
            shown.ShouldNotContain("could not read Username");
        }

        JsonDocument.Parse(anonymous).RootElement.GetProperty("steps")[0].GetProperty("output").GetString().ShouldBe(ReadAccess.HiddenTranscript);
        var trusted = await (await http.SendAsync(Get($"api/incidents/{IncidentId}", ApiToken))).Content.ReadAsStringAsync();
        trusted.ShouldContain("railway up --detach");
        trusted.ShouldContain("could not read Username");
    }

    [Theory]
    [InlineData("short", "Watchdog:Api:ReadToken: must be at least 16 characters")]
    [InlineData(ApiToken, "Watchdog:Api:ReadToken: must differ from Token")]
    public void Config_BadReadToken_IsAnErrorNamingTheKey(string token, string error)
    {
        var values = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"));
        values["Watchdog:Api:Token"] = ApiToken;
        values["Watchdog:Api:ReadToken"] = token;

        SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors).ShouldBeNull();

        errors.ShouldHaveSingleItem().ShouldStartWith(error);
    }
}
