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

/// <summary>Seed 1 phase 4 through the API: never automatic, backup first, both journaled.</summary>
public class DatabaseRestoreTests
{
    private const string Token = "db-restore-token-0123456789";

    private static async Task<(TestPeer Target, InProcessHost Host, string Dir, string Incident)> DataAtRiskAsync(string backup)
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-db-").FullName;
        var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "Approve";
        settings["Watchdog:Api:Token"] = Token;
        settings["Watchdog:Services:0:Provider:WorkingDirectory"] = dir;
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "echo v2";
        settings["Watchdog:Services:0:Database:Backup"] = backup;
        settings["Watchdog:Services:0:Database:Restore"] = "echo restore >> db.log";
        var host = await InProcessHost.StartAsync(settings);

        using var trigger = Post(host, "api/triggers", """{"service":"api","meaning":"DataAtRisk","summary":"migration 42 corrupted orders"}""");
        (await host.Http.SendAsync(trigger)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonElement[]? incidents = null;
        for (var i = 0; i < 100 && !(incidents is { Length: > 0 } && incidents[0].GetProperty("state").GetString() == "AwaitingApproval"); i++)
        {
            await Task.Delay(50);
            incidents = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        }

        return (target, host, dir, incidents![0].GetProperty("id").GetString()!);
    }

    private static HttpRequestMessage Post(InProcessHost host, string path, string body, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task RestoreDatabase_AskedByAPerson_BackupRunsFirstThenRestoreAndBothAreJournaled()
    {
        var (target, host, dir, id) = await DataAtRiskAsync("echo backup >> db.log");
        await using var _ = target;
        await using var __ = host;
        File.Exists(Path.Combine(dir, "db.log")).ShouldBeFalse("nothing touches the database on its own");

        using var response = await host.Http.SendAsync(Post(host, $"api/incidents/{id}/restore-database", """{"by":"tech-lead"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await File.ReadAllLinesAsync(Path.Combine(dir, "db.log"))).ShouldBe(["backup", "restore"]);
        var incident = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var steps = incident.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("key").GetString(), s.GetProperty("status").GetString())).ToList();
        steps.ShouldContain(("db-backup", "Succeeded"));
        steps.ShouldContain(("db-restore", "Succeeded"));
        incident.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("message").GetString() == "database restore requested by tech-lead");
    }

    [Fact]
    public async Task RestoreDatabase_BackupFails_RestoreNeverRunsAnd409SaysWhy()
    {
        var (target, host, dir, id) = await DataAtRiskAsync("echo 'pg_dump: connection refused' >&2; exit 1");
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post(host, $"api/incidents/{id}/restore-database", """{"by":"tech-lead"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("backup of the current state failed, so the restore was not run");
        File.Exists(Path.Combine(dir, "db.log")).ShouldBeFalse();
    }

    [Fact]
    public async Task Actions_WithoutTokenOrWithoutSayingWho_AreRefused()
    {
        var (target, host, dir, id) = await DataAtRiskAsync("echo backup >> db.log");
        await using var _ = target;
        await using var __ = host;

        (await host.Http.SendAsync(Post(host, $"api/incidents/{id}/restore-database", """{"by":"x"}""", token: null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Http.SendAsync(Post(host, $"api/incidents/{id}/approve", "{}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await host.Http.SendAsync(Post(host, "api/incidents/nope/approve", """{"by":"x"}"""))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        File.Exists(Path.Combine(dir, "db.log")).ShouldBeFalse();
    }

    [Fact]
    public async Task Approve_ThroughTheApi_RollsBack()
    {
        var (target, host, dir, id) = await DataAtRiskAsync("echo backup >> db.log");
        await using var _ = target;
        await using var __ = host;

        using var response = await host.Http.SendAsync(Post(host, $"api/incidents/{id}/approve", """{"by":"alice"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonElement incident = default;
        for (var i = 0; i < 100; i++)
        {
            incident = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
            if (incident.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("key").GetString() == "rollback")) break;
            await Task.Delay(50);
        }

        incident.GetProperty("steps").EnumerateArray().ShouldContain(s => s.GetProperty("key").GetString() == "rollback");
        incident.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("message").GetString() == "approved by alice");
    }
}
