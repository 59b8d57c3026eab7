using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Integrations.Tests.Railway;
using Watchdog.Integrations.Tests.Vercel;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>
/// Seed 000's Scenario 1 through the real host: the shop's API on Railway and its web app on Vercel are stable; a
/// backend deploy breaks the API; Watchdog rolls the API back on Railway (and only the API: the web app did not
/// change), verifies the service, tells the team in order, and resolves.
/// </summary>
public class SeedScenarioTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Scenario1_ABackendDeployBrokeTheApi_OnlyTheApiIsRolledBack_OnRailway_AndTheTeamIsToldInOrder()
    {
        var api = new FakePlatform([new("dep-v41", "v41", Now.AddDays(-1)), new("dep-v40", "v40", Now.AddDays(-3))]);
        var web = new FakePlatform([new("dpl_w7", "w7", Now.AddDays(-2)), new("dpl_w6", "w6", Now.AddDays(-4))]);
        var railwayPeer = new RailwayPeer(api);
        await using var railway = await railwayPeer.StartAsync();
        var vercel = await VercelPeer.StartAsync(web);
        await using var vercelServer = vercel.Server;
        await using var shop = await TestPeer.StartAsync(app =>
        {
            // The API's v42 answers 500 on every request; the shop is fine on anything else.
            app.MapGet("/health", () => api.Peek().LiveId == "dep-v42" ? Results.Json(new { status = "error" }, statusCode: 500) : Results.Json(new { status = "ok" }));
        });
        var told = new ConcurrentQueue<JsonElement>();
        await using var team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
        {
            told.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(r.Body));
            return Results.Ok();
        }));

        await using var host = await InProcessHost.StartAsync(Shop(railway, vercel, shop, team, monitorFor: "1s"));

        // Stable on v41 and w7: Watchdog puts both on record as the service's last stable moment.
        await Poll.Until(() => Stable(host, "shop") == "dep-v41\nv41" && Stable(host, "shop/web") == "dpl_w7\nw7", TimeSpan.FromSeconds(30));

        // Seed 000, Scenario 1: "Backend deploy broke API".
        api.Deploy(new FakeDeployment("dep-v42", "v42", DateTimeOffset.UtcNow));

        JsonElement incident = default;
        await Poll.Until(async () =>
        {
            var list = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
            if (list is not { Length: > 0 }) return false;
            incident = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{list[0].GetProperty("id").GetString()}");
            return incident.GetProperty("state").GetString() == "Resolved";
        }, TimeSpan.FromSeconds(60));

        api.RollbackTargets.ShouldBe(["dep-v41"], "the API goes back to the release it was stable on");
        web.RollbackRequests.ShouldBe(0, "the web app did not change: it is left as it is");
        var steps = incident.GetProperty("steps").EnumerateArray().Select(s => (Key: s.GetProperty("key").GetString()!, Output: s.GetProperty("output").GetString())).ToList();
        steps.Select(s => s.Key).ShouldContain("suspect@web");
        steps.Select(s => s.Key).ShouldNotContain("rollback@web");
        steps.Single(s => s.Key == "parts").Output.ShouldBe("api: rolled back from v42 to v41; web: left as it is, unchanged: w7 (dpl_w7) was live when the service was last stable");
        var keys = steps.Select(s => s.Key).ToList();
        keys.IndexOf("announce").ShouldBeLessThan(keys.IndexOf("rollback"));
        keys.IndexOf("rollback").ShouldBeLessThan(keys.IndexOf("verify"));

        // What the team heard, in order: the rollback under way, the service restored, the incident resolved.
        var kinds = told.Select(t => t.GetProperty("kind").GetString()).ToList();
        kinds.ShouldBe(["rollback_in_progress", "rollback_complete", "resolved"], string.Join("; ", told.Select(t => t.GetProperty("title").GetString())));
        told.Single(t => t.GetProperty("kind").GetString() == "rollback_complete").GetProperty("text").GetString()!.ShouldContain("v41");
    }

    [Fact]
    public async Task Scenario2_AMigrationCorruptedData_TheCodeGoesBack_TheRestoreWaitsForAPerson_ThenBackupRestoreResolveInOrder()
    {
        var api = new FakePlatform([new("dep-v41", "v41", Now.AddDays(-1)), new("dep-v40", "v40", Now.AddDays(-3))]);
        var web = new FakePlatform([new("dpl_w7", "w7", Now.AddDays(-2)), new("dpl_w6", "w6", Now.AddDays(-4))]);
        await using var railway = await new RailwayPeer(api).StartAsync();
        var vercel = await VercelPeer.StartAsync(web);
        await using var vercelServer = vercel.Server;
        // The shop answers its health checks throughout: corrupted order totals do not show there.
        await using var shop = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var told = new ConcurrentQueue<JsonElement>();
        await using var team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
        {
            told.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(r.Body));
            return Results.Ok();
        }));

        var dir = Directory.CreateTempSubdirectory("watchdog-scenario2-").FullName;
        var ran = Path.Combine(dir, "ran.log");
        var settings = Shop(railway, vercel, shop, team, monitorFor: "10m");
        // The database as seed 000 phase 4 runs it: Prisma's status (the bad release's migration is applied), a backup, a restore, a resolve.
        settings["Watchdog:Services:0:Database:MigrationStatus"] =
            $"echo status >> {ran}; printf 'The migrations from the database are not found locally in prisma/migrations:\\n20261203064500_split_order_totals\\n'";
        settings["Watchdog:Services:0:Database:Backup"] = $"echo backup >> {ran}";
        settings["Watchdog:Services:0:Database:Restore"] = $"echo restore >> {ran}";
        settings["Watchdog:Services:0:Database:ResolveRolledBack"] = $"echo resolve {{migration}} >> {ran}";
        await using var host = await InProcessHost.StartAsync(settings);
        HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiToken) },
        };

        // Stable on v41 and w7; then v42 of the API goes out, and its migration rewrites the order totals. No health check sees it.
        await Poll.Until(() => Stable(host, "shop") == "dep-v41\nv41" && Stable(host, "shop/web") == "dpl_w7\nw7", TimeSpan.FromSeconds(30));
        api.Deploy(new FakeDeployment("dep-v42", "v42", DateTimeOffset.UtcNow));

        // Seed 000, Scenario 2: "Database migration corrupted data", raised by the person who saw it.
        using (var raised = await host.Http.SendAsync(Post("api/triggers", """{"service":"shop","meaning":"DataAtRisk","summary":"order totals corrupted since the v42 migration","by":"dana"}""")))
            raised.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await raised.Content.ReadAsStringAsync());

        JsonElement incident = default;
        async Task<string?> StateAsync()
        {
            var list = await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
            if (list is not { Length: > 0 }) return null;
            incident = await host.Http.GetFromJsonAsync<JsonElement>($"api/incidents/{list[0].GetProperty("id").GetString()}");
            return incident.GetProperty("state").GetString();
        }

        // The code is back: watched, or — the reported data loss still firing, which no rollback of code clears — handed to people.
        await Poll.Until(async () => await StateAsync() is "Monitoring" or "Escalated", TimeSpan.FromSeconds(60));
        var id = incident.GetProperty("id").GetString()!;

        api.RollbackTargets.ShouldBe(["dep-v41"], "the code goes back in Auto mode");
        (await File.ReadAllLinesAsync(ran)).ShouldBe(["status"], "the migration status is evidence; nothing that can lose data runs by itself");
        var offer = told.Select(t => t.GetProperty("text").GetString()!).Single(t => t.Contains($"/api/incidents/{id}/restore-database", StringComparison.Ordinal));
        offer.ShouldContain("Any data created between backup and restore will be lost");

        using (var restore = await host.Http.SendAsync(Post($"api/incidents/{id}/restore-database", """{"by":"tech-lead"}""")))
            restore.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await restore.Content.ReadAsStringAsync());

        (await File.ReadAllLinesAsync(ran)).ShouldBe(["status", "backup", "restore", "resolve 20261203064500_split_order_totals", "status"]);
        await StateAsync();
        var keys = incident.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("key").GetString()).ToList();
        keys.IndexOf("db-status").ShouldBeLessThan(keys.IndexOf("rollback"), "the migration status is recorded before the code goes back");
        keys.IndexOf("db-backup").ShouldBeLessThan(keys.IndexOf("db-restore"));
        keys.IndexOf("db-restore").ShouldBeLessThan(keys.IndexOf("db-resolve"));
        web.RollbackRequests.ShouldBe(0, "the web app did not change");
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private const string ApiToken = "seed-scenario-api-token-0123456789";

    /// <summary>The shop: its API on Railway, its web app on Vercel, one availability rule, the team's webhook.</summary>
    private static Dictionary<string, string?> Shop(TestPeer railway, VercelPeer vercel, TestPeer shop, TestPeer team, string monitorFor) => new()
    {
        ["Watchdog:Mode"] = "Auto",
        ["Watchdog:MonitorFor"] = monitorFor,
        // A release is on record as stable once the shop was healthy on it this long (30m in production).
        ["Watchdog:Services:0:MinHealthyFor"] = "3s",
        ["Watchdog:Api:Token"] = ApiToken,
        ["Watchdog:Notifications:Webhooks:0:Url"] = team.Url("hook").ToString(),
        ["Watchdog:Notifications:Webhooks:0:Secret"] = "team-webhook-secret-0123456789",
        ["Watchdog:Services:0:Name"] = "shop",
        ["Watchdog:Services:0:PollInterval"] = "200ms",
        ["Watchdog:Services:0:LiveCheckInterval"] = "200ms",
        ["Watchdog:Services:0:LivePollInterval"] = "100ms",
        ["Watchdog:Services:0:Health:Url"] = shop.Url("health").ToString(),
        ["Watchdog:Services:0:Health:Timeout"] = "2s",
        ["Watchdog:Services:0:Health:Window"] = "1s",
        ["Watchdog:Services:0:Rules:0:Name"] = "availability",
        ["Watchdog:Services:0:Rules:0:Signal"] = "Availability",
        ["Watchdog:Services:0:Rules:0:Comparison"] = "Below",
        ["Watchdog:Services:0:Rules:0:Threshold"] = "0.95",
        ["Watchdog:Services:0:Rules:0:For"] = "1s",
        ["Watchdog:Services:0:Rules:0:MinSamples"] = "2",
        ["Watchdog:Services:0:Rules:0:Meaning"] = "CoreBroken",
        ["Watchdog:Services:0:Verification:Window"] = "1s",
        ["Watchdog:Services:0:Verification:Interval"] = "200ms",
        ["Watchdog:Services:0:Components:0:Name"] = "api",
        ["Watchdog:Services:0:Components:0:Provider:Type"] = "Railway",
        ["Watchdog:Services:0:Components:0:Provider:Endpoint"] = railway.Url(RailwayPeer.Path.TrimStart('/')).ToString(),
        ["Watchdog:Services:0:Components:0:Provider:Token"] = RailwayPeer.Token,
        ["Watchdog:Services:0:Components:0:Provider:ProjectId"] = RailwayPeer.ProjectId,
        ["Watchdog:Services:0:Components:0:Provider:EnvironmentId"] = RailwayPeer.EnvironmentId,
        ["Watchdog:Services:0:Components:0:Provider:ServiceId"] = RailwayPeer.ServiceId,
        ["Watchdog:Services:0:Components:1:Name"] = "web",
        ["Watchdog:Services:0:Components:1:Provider:Type"] = "Vercel",
        ["Watchdog:Services:0:Components:1:Provider:BaseUrl"] = vercel.Server.BaseAddress.ToString(),
        ["Watchdog:Services:0:Components:1:Provider:Token"] = VercelPeer.Token,
        ["Watchdog:Services:0:Components:1:Provider:TeamId"] = VercelPeer.Team,
        ["Watchdog:Services:0:Components:1:Provider:ProjectId"] = VercelPeer.ProjectId,
    };

    private static string? Stable(InProcessHost host, string key)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "watchdog.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM ledger WHERE scope = 'stable' AND \"key\" = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }
}
