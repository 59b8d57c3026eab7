using System.Net;
using System.Text.Json;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Http;

/// <summary>Seed 1 phase 4 through the API: never automatic, backup first, both journaled.</summary>
public class DatabaseRestoreTests
{
    private static Task<AwaitingApproval> DataAtRiskAsync(string backup) => AwaitingApproval.StartAsync(new()
    {
        ["Watchdog:Services:0:Database:Backup"] = backup,
        ["Watchdog:Services:0:Database:Restore"] = "echo restore >> db.log",
    });

    [Fact]
    public async Task RestoreDatabase_AskedByAPerson_BackupRunsFirstThenRestoreAndBothAreJournaled()
    {
        await using var s = await DataAtRiskAsync("echo backup >> db.log");
        File.Exists(Path.Combine(s.Dir, "db.log")).ShouldBeFalse("nothing touches the database on its own");

        using var response = await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/restore-database", """{"by":"tech-lead"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await File.ReadAllLinesAsync(Path.Combine(s.Dir, "db.log"))).ShouldBe(["backup", "restore"]);
        var incident = await s.IncidentAsync();
        var steps = incident.GetProperty("steps").EnumerateArray().Select(x => (x.GetProperty("key").GetString(), x.GetProperty("status").GetString())).ToList();
        steps.ShouldContain(("db-backup", "Succeeded"));
        steps.ShouldContain(("db-restore", "Succeeded"));
        (await s.TimelineAsync()).ShouldContain("database restore requested by tech-lead");
    }

    [Fact]
    public async Task RestoreDatabase_BackupFails_RestoreNeverRunsAnd409SaysWhy()
    {
        await using var s = await DataAtRiskAsync("echo 'pg_dump: connection refused' >&2; exit 1");

        using var response = await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/restore-database", """{"by":"tech-lead"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("backup of the current state failed, so the restore was not run");
        File.Exists(Path.Combine(s.Dir, "db.log")).ShouldBeFalse();
    }

    [Fact]
    public async Task Actions_WithoutTokenOrWithoutSayingWho_AreRefused()
    {
        await using var s = await DataAtRiskAsync("echo backup >> db.log");

        (await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/restore-database", """{"by":"x"}""", token: null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/approve", "{}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await s.Host.Http.SendAsync(s.Post("api/incidents/nope/approve", """{"by":"x"}"""))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        File.Exists(Path.Combine(s.Dir, "db.log")).ShouldBeFalse();
    }

    [Fact]
    public async Task Approve_ThroughTheApi_RollsBack()
    {
        await using var s = await DataAtRiskAsync("echo backup >> db.log");

        using var response = await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/approve", """{"by":"alice"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonElement incident = default;
        for (var i = 0; i < 100; i++)
        {
            incident = await s.IncidentAsync();
            if (incident.GetProperty("steps").EnumerateArray().Any(x => x.GetProperty("key").GetString() == "rollback")) break;
            await Task.Delay(50);
        }

        incident.GetProperty("steps").EnumerateArray().ShouldContain(x => x.GetProperty("key").GetString() == "rollback");
        (await s.TimelineAsync()).ShouldContain("approved by alice");
    }
}
