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
    public async Task DatabasePhase_ThroughTheHost_StatusBeforeTheRollbackThenBackupRestoreResolveOnlyWhenAsked()
    {
        // Every command notes itself in ran.log; the status answers as Prisma does when the bad release's migration is applied.
        await using var s = await AwaitingApproval.StartAsync(new()
        {
            ["Watchdog:Services:0:Provider:Current"] = "cat live 2>/dev/null || echo v2",
            ["Watchdog:Services:0:Provider:Rollback"] = "echo rollback {target} >> ran.log; echo {target} > live",
            ["Watchdog:Services:0:Verification:Window"] = "200ms",
            ["Watchdog:Services:0:Verification:Interval"] = "100ms",
            ["Watchdog:Services:0:LivePollInterval"] = "100ms",
            ["Watchdog:Services:0:MonitorFor"] = "1h",
            ["Watchdog:Services:0:Database:MigrationStatus"] =
                "echo status >> ran.log; printf 'The migrations from the database are not found locally in prisma/migrations:\\n20250122120000_split_order_totals\\n'",
            ["Watchdog:Services:0:Database:Backup"] = "echo backup >> ran.log",
            ["Watchdog:Services:0:Database:Restore"] = "echo restore >> ran.log",
            ["Watchdog:Services:0:Database:ResolveRolledBack"] = "echo resolve {migration} >> ran.log",
        });
        var ran = Path.Combine(s.Dir, "ran.log");

        (await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/approve", """{"by":"alice"}"""))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        // The code is back: watched, or — the person's DataAtRisk still firing, which no rollback clears — handed to people.
        var rolledBack = await s.IncidentWhenAsync(i => i.GetProperty("state").GetString() is "Monitoring" or "Escalated");

        (await File.ReadAllLinesAsync(ran)).ShouldBe(["status", "rollback v1"], "nothing that can lose data runs by itself");
        rolledBack.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)
            .ShouldContain(m => m.Contains($"/api/incidents/{s.Incident}/restore-database", StringComparison.Ordinal) && m.Contains("Any data created between backup and restore will be lost", StringComparison.Ordinal));

        using var response = await s.Host.Http.SendAsync(s.Post($"api/incidents/{s.Incident}/restore-database", """{"by":"tech-lead"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        (await File.ReadAllLinesAsync(ran)).ShouldBe(["status", "rollback v1", "backup", "restore", "resolve 20250122120000_split_order_totals", "status"]);
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
