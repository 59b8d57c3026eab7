using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>Drills in a real host whose provider is shell commands over a "live" file: started through the API, or resumed at start-up.</summary>
public sealed class DrillEndToEndTests : IAsyncDisposable
{
    private const string Token = "drill-api-token-0123456789";

    private readonly string _dir = Directory.CreateTempSubdirectory("watchdog-drill-").FullName;
    private TestPeer? _target;
    private InProcessHost? _host;

    private InProcessHost Host => _host!;

    private async Task StartAsync(string rollbackDelay = "0", bool drills = true, Func<string, Task>? seedJournal = null)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "live"), "v2");
        _target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(_target.Url("health"));
        settings["Watchdog:Mode"] = "DryRun"; // the service's own incidents only say what they would do; a drill acts anyway
        settings["Watchdog:Api:Token"] = Token;
        settings["Watchdog:Services:0:Provider:WorkingDirectory"] = _dir;
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "cat live";
        settings["Watchdog:Services:0:Provider:Rollback"] = $"sleep {rollbackDelay}; echo {{target}} >> rollbacks.log; printf '%s' {{target}} > live";
        settings["Watchdog:Services:0:LivePollInterval"] = "50ms";
        settings["Watchdog:Services:0:Verification:Window"] = "200ms";
        settings["Watchdog:Services:0:Verification:Interval"] = "50ms";
        if (drills)
        {
            settings["Watchdog:Drills:0:Service"] = "api";
            settings["Watchdog:Drills:0:Schedule"] = "0 0 10 ? 1/3 TUE#1";
        }

        var data = Path.Combine(_dir, "data");
        settings["Watchdog:DataDirectory"] = data;
        if (seedJournal is not null) await seedJournal(data);
        _host = await InProcessHost.StartAsync(settings);
    }

    private HttpRequestMessage Post(string path, string body, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<string> StartDrillAsync()
    {
        using var response = await Host.Http.SendAsync(Post("api/drills/api", """{"by":"alice"}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident").GetString()!;
        response.Headers.Location.ShouldBe(new Uri($"/api/incidents/{id}", UriKind.Relative));
        return id;
    }

    private async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> done)
    {
        var deadline = TimeSpan.FromSeconds(20);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var found = await Host.Http.GetFromJsonAsync<JsonElement>(path);
            if (done(found)) return found;
            if (TimeProvider.System.GetElapsedTime(started) > deadline) throw new TimeoutException($"{path} never got there: {found}");
            await Task.Delay(50);
        }
    }

    private static string State(JsonElement incident) => incident.GetProperty("state").GetString()!;

    [Fact]
    public async Task Post_RunsTheDrillForReal_RollsBackThenForwardAndResolvesAsADrill()
    {
        await StartAsync();

        var id = await StartDrillAsync();
        var incident = await WaitForAsync($"api/incidents/{id}", i => !i.GetProperty("isOpen").GetBoolean());

        State(incident).ShouldBe("Resolved");
        incident.GetProperty("drill").GetBoolean().ShouldBeTrue();
        id.ShouldEndWith("-api-drill");
        (await File.ReadAllLinesAsync(Path.Combine(_dir, "rollbacks.log"))).ShouldBe(["v1", "v2"]);
        (await File.ReadAllTextAsync(Path.Combine(_dir, "live"))).ShouldBe("v2");
        incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("message").GetString())
            .ShouldContain(m => m!.StartsWith("Resolved: drill passed: rollback ", StringComparison.Ordinal) && m.Contains("roll forward"));
        incident.GetProperty("trigger").GetProperty("summary").GetString().ShouldBe("DRILL requested by api (alice): a rehearsal of the rollback runbook; nothing is wrong");
    }

    [Fact]
    public async Task Post_TriggerDuringADrill_IsHeldAndOpensARealIncidentOnlyAfterTheDrill()
    {
        await StartAsync(rollbackDelay: "1");
        var drill = await StartDrillAsync();

        using var trigger = await Host.Http.SendAsync(Post("api/triggers", """{"service":"api","meaning":"Security","summary":"leaked keys"}"""));

        trigger.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await trigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("heldBy").GetString().ShouldNotBeNull().ShouldContain("drill");
        (await Host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldAllBe(i => i.GetProperty("drill").GetBoolean());
        using (var freeze = await Host.Http.GetAsync("api/freeze?service=api"))
        {
            freeze.StatusCode.ShouldBe((HttpStatusCode)423); // a deploy now would be undone by the roll forward
            (await freeze.Content.ReadAsStringAsync()).ShouldContain("a drill is under way");
        }

        var done = await WaitForAsync($"api/incidents/{drill}", i => !i.GetProperty("isOpen").GetBoolean());
        State(done).ShouldBe("Resolved");
        var incidents = await WaitForAsync("api/incidents", all => all.EnumerateArray().Any(i => !i.GetProperty("drill").GetBoolean()));
        var real = incidents.EnumerateArray().Single(i => !i.GetProperty("drill").GetBoolean());
        real.GetProperty("openedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(done.GetProperty("closedAt").GetDateTimeOffset());
        (await File.ReadAllLinesAsync(Path.Combine(_dir, "rollbacks.log"))).ShouldBe(["v1", "v2"]); // DryRun: the real incident only says what it would do
    }

    [Fact]
    public async Task Post_WhileADrillRuns_Is409AndRunsNoSecondDrill()
    {
        await StartAsync(rollbackDelay: "1");
        var first = await StartDrillAsync();

        using var second = await Host.Http.SendAsync(Post("api/drills/api", """{"by":"bob"}"""));

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Content.ReadAsStringAsync()).ShouldContain("already under way");
        await WaitForAsync($"api/incidents/{first}", i => !i.GetProperty("isOpen").GetBoolean());
        (await File.ReadAllLinesAsync(Path.Combine(_dir, "rollbacks.log"))).ShouldBe(["v1", "v2"]);
    }

    [Fact]
    public async Task Post_WithoutTokenOrWhoOrForAServiceNotConfiguredForDrills_IsRefusedAndDoesNothing()
    {
        await StartAsync(drills: false);

        (await Host.Http.SendAsync(Post("api/drills/api", """{"by":"alice"}""", token: null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Host.Http.SendAsync(Post("api/drills/api", "{}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Host.Http.SendAsync(Post("api/drills/nope", """{"by":"alice"}"""))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var unconfigured = await Host.Http.SendAsync(Post("api/drills/api", """{"by":"alice"}"""));
        unconfigured.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unconfigured.Content.ReadAsStringAsync()).ShouldContain("name it under Watchdog:Drills");
        File.Exists(Path.Combine(_dir, "rollbacks.log")).ShouldBeFalse();
        (await Host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_WithADrillOpenInTheJournal_FinishesItUnderTheDrillRunnerAndRollsForward()
    {
        const string id = "20261121-100000-000-api-drill";
        await StartAsync(seedJournal: async data =>
        {
            // What a process that died just after opening the drill leaves behind: the incident, decided, and the plan in the ledger.
            using var store = new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = data }), TimeProvider.System, NullLogger<SqliteIncidentStore>.Instance);
            var at = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
            var trigger = new Trigger("drill", Meaning.CoreBroken, "DRILL requested by schedule: a rehearsal", at, at);
            var drill = new Incident(id, "api", Mode.Auto, trigger, at) { Drill = true };
            drill.Decide(new Decision(RunbookAction.Rollback, "drill: roll back from v2 and verify, then roll forward to it", trigger), at);
            await store.SetAsync("drill", id, """{"id":"v2","version":"v2","rollForward":true}""", CancellationToken.None);
            await store.SaveAsync(drill, CancellationToken.None);
        });

        var incident = await WaitForAsync($"api/incidents/{id}", i => !i.GetProperty("isOpen").GetBoolean());

        State(incident).ShouldBe("Resolved");
        (await File.ReadAllLinesAsync(Path.Combine(_dir, "rollbacks.log"))).ShouldBe(["v1", "v2"]);
        incident.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("message").GetString() == "resumed after a restart");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_target is not null) await _target.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
