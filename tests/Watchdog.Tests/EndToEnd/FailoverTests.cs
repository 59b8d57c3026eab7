using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Watchdog.Integrations.Tests.Storage;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>
/// Three real Watchdog processes on one real PostgreSQL and one faulty service: exactly one rollback call and one set of
/// notifications. Then the instance that acts is SIGKILLed at a point of the runbook, and another takes the service over
/// within the lease, resumes the incident from the journal, and the rollback is still called exactly once in all.
/// </summary>
public class FailoverTests
{
    public enum KillAt { Never, WhileAnnouncing, DuringTheCall, AfterTheCall, DuringVerification, DuringMonitoring }

    [PostgresTheory]
    [InlineData(KillAt.Never)]
    [InlineData(KillAt.WhileAnnouncing)]
    [InlineData(KillAt.DuringTheCall)]
    [InlineData(KillAt.AfterTheCall)]
    [InlineData(KillAt.DuringVerification)]
    [InlineData(KillAt.DuringMonitoring)]
    public async Task ThreeInstances_TheLeaderKilled_TheRollbackIsCalledExactlyOnce(KillAt killAt)
    {
        using var database = new PostgresDatabase();
        await using var release = await BadRelease.StartAsync("watchdog-failover-");
        var dir = release.Directory.FullName;
        var posts = new ConcurrentQueue<JsonElement>();
        // While announcing: the leader is killed while its announcement is on the wire (beside the rollback call, which does
        // not wait for it, so the call may have gone out or not); the receiver never accepts that one.
        var announcing = new TaskCompletionSource();
        var killed = new TaskCompletionSource();
        var held = 0;
        await using var team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(r.Body);
            if (killAt == KillAt.WhileAnnouncing && Interlocked.Exchange(ref held, 1) == 0)
            {
                announcing.TrySetResult();
                await killed.Task;
                return Results.StatusCode(503);
            }

            posts.Enqueue(body);
            return Results.Ok();
        }));

        // The service turns faulty only once every instance is ready, so the test sees each step of the runbook.
        var faulty = false;
        await using var app = await TestPeer.StartAsync(a =>
        {
            string Live() => File.ReadAllText(release.LivePath).Trim();
            a.MapGet("/health", () => !Volatile.Read(ref faulty) || Live() == "v1" ? Results.Json(new { status = "ok" }) : Results.Json(new { status = "error" }, statusCode: 500));
            a.MapGet("/version", () => Results.Json(new { version = Live() }));
        });

        // The rollback records that it was called, then waits for "go" before switching what is live: during the call,
        // the kill lands while the platform is still busy, and the platform finishes on its own afterwards.
        var go = Path.Combine(dir, "go");
        if (killAt != KillAt.DuringTheCall) File.WriteAllText(go, "");

        var rollbacks = Path.Combine(dir, "rollbacks.log");
        var instances = new Dictionary<string, WatchdogProcess>();
        long tokenAtKill = 0;
        try
        {
            foreach (var name in new[] { "wd-1", "wd-2", "wd-3" })
            {
                var config = Path.Combine(dir, name + ".json");
                await File.WriteAllTextAsync(config, Config(name, database.ConnectionString, dir, app, team.Url("hook")));
                instances[name] = WatchdogProcess.Start(dir, "run", "--config", config);
            }

            foreach (var p in instances.Values) (await p.WaitUntilReadyAsync()).ShouldBeTrue(p.Output);
            string Output() => string.Join("\n", instances.Select(i => $"--- {i.Key} ---\n{i.Value.Output}"));
            Volatile.Write(ref faulty, true);

            if (killAt != KillAt.Never)
            {
                await Poll.Until(() => Reached(killAt, database, rollbacks, release.LivePath, announcing.Task), TimeSpan.FromSeconds(60), Output);
                var leader = Holder(database);
                tokenAtKill = (long)Scalar(database, "SELECT token FROM leases WHERE name = 'service:api'")!;
                instances[leader].KillHard();
                killed.TrySetResult();
                File.WriteAllText(go, "");
            }

            await Poll.Until(() => State(database) == "Resolved", TimeSpan.FromSeconds(90), Output);

            File.ReadAllLines(rollbacks).ShouldBe(["v1"], Output());
            File.ReadAllText(release.LivePath).Trim().ShouldBe("v1");
            Scalar(database, "SELECT count(*) FROM incidents").ShouldBe(1L, "a takeover resumes the incident, it does not open a second");
            var kinds = posts.Select(p => (p.GetProperty("kind").GetString(), p.GetProperty("title").GetString(), p.GetProperty("text").GetString())).ToList();
            kinds.Distinct().Count().ShouldBe(kinds.Count, "no notification is sent twice: " + string.Join("; ", kinds.Select(k => k.Item2)));
            if (killAt != KillAt.Never)
            {
                // Another instance took over under a higher token, and the steps after the kill ran under it.
                var lease = (long)Scalar(database, "SELECT token FROM leases WHERE name = 'service:api'")!;
                lease.ShouldBeGreaterThan(tokenAtKill, Output());
                Scalar(database, "SELECT max(token) FROM steps").ShouldBe(lease, Output());
            }
        }
        finally
        {
            foreach (var p in instances.Values) await p.DisposeAsync();
        }
    }

    private static string Config(string instance, string connectionString, string dir, TestPeer target, Uri hook) => JsonSerializer.Serialize(new
    {
        Serilog = new { MinimumLevel = new { Default = "Information" }, WriteTo = new[] { new { Name = "Console" } } },
        Watchdog = new
        {
            Mode = "Auto",
            DataDirectory = Path.Combine(dir, "data-" + instance),
            Store = new { Type = "Postgres", ConnectionString = connectionString, Instance = instance, LeaseTtl = "2s" },
            Notifications = new { Webhooks = new[] { new { Url = hook.ToString(), Secret = "failover-webhook-secret-0123456789" } } },
            Services = new[]
            {
                new
                {
                    Name = "api",
                    PollInterval = "200ms",
                    Health = new { Url = target.Url("health").ToString(), Timeout = "2s", Window = "1s" },
                    Rules = new[] { new { Name = "availability", Signal = "Availability", Comparison = "Below", Threshold = "0.95", For = "1s", MinSamples = "2", Meaning = "CoreBroken" } },
                    Provider = new
                    {
                        Type = "Command",
                        WorkingDirectory = dir,
                        List = "cat deployments",
                        Current = "cat live",
                        Rollback = "echo {target} >> rollbacks.log; while [ ! -f go ]; do sleep 0.1; done; printf '%s' {target} > live",
                    },
                    Verification = new { Window = "2s", Interval = "200ms", VersionUrl = target.Url("version").ToString() },
                    RollbackTimeout = "20s",
                    LivePollInterval = "200ms",
                    MonitorFor = "4s",
                },
            },
        },
    });

    private static bool Reached(KillAt at, PostgresDatabase db, string rollbacks, string live, Task announcing) => at switch
    {
        KillAt.WhileAnnouncing => announcing.IsCompleted,
        KillAt.DuringTheCall => File.Exists(rollbacks) && File.ReadAllText(live).Trim() == "v2",
        KillAt.AfterTheCall => State(db) is "Stabilizing" or "Verifying" && File.ReadAllText(live).Trim() == "v1",
        KillAt.DuringVerification => State(db) == "Verifying",
        KillAt.DuringMonitoring => State(db) == "Monitoring",
        _ => true,
    };

    private static string? State(PostgresDatabase db) => Scalar(db, "SELECT state FROM incidents ORDER BY opened_at DESC LIMIT 1") as string;

    private static string Holder(PostgresDatabase db) => (string)Scalar(db, "SELECT instance FROM leases WHERE name = 'service:api'")!;

    private static object? Scalar(PostgresDatabase db, string sql)
    {
        try
        {
            using var connection = db.Raw();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // not migrated yet
        }
    }
}
