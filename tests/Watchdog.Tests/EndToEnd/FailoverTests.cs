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
    public enum KillAt { Never, BeforeTheCall, DuringTheCall, AfterTheCall, DuringVerification, DuringMonitoring }

    [PostgresTheory]
    [InlineData(KillAt.Never)]
    [InlineData(KillAt.BeforeTheCall)]
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
        await using var team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
        {
            posts.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(r.Body));
            return Results.Ok();
        }));

        var rollbacks = Path.Combine(dir, "rollbacks.log");
        var instances = new Dictionary<string, WatchdogProcess>();
        long tokenAtKill = 0;
        try
        {
            foreach (var name in new[] { "wd-1", "wd-2", "wd-3" })
            {
                var config = Path.Combine(dir, name + ".json");
                await File.WriteAllTextAsync(config, Config(name, database.ConnectionString, dir, release, team.Url("hook")));
                instances[name] = WatchdogProcess.Start(dir, "run", "--config", config);
            }

            foreach (var p in instances.Values) (await p.WaitUntilReadyAsync()).ShouldBeTrue(p.Output);
            string Output() => string.Join("\n", instances.Select(i => $"--- {i.Key} ---\n{i.Value.Output}"));

            if (killAt != KillAt.Never)
            {
                await Until(() => Reached(killAt, database, rollbacks, release.LivePath), TimeSpan.FromSeconds(60), Output);
                var leader = Holder(database);
                tokenAtKill = (long)Scalar(database, "SELECT token FROM leases WHERE name = 'service:api'")!;
                instances[leader].KillHard();
            }

            await Until(() => State(database) == "Resolved", TimeSpan.FromSeconds(90), Output);

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

    private static string Config(string instance, string connectionString, string dir, BadRelease release, Uri hook) => JsonSerializer.Serialize(new
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
                    Health = new { Url = release.Target.Url("health").ToString(), Timeout = "2s", Window = "1s" },
                    Rules = new[] { new { Name = "availability", Signal = "Availability", Comparison = "Below", Threshold = "0.95", For = "1s", MinSamples = "2", Meaning = "CoreBroken" } },
                    Provider = new
                    {
                        Type = "Command",
                        WorkingDirectory = dir,
                        List = "cat deployments",
                        Current = "cat live",
                        // Takes 3 s, and only then switches what is live: a kill in that window leaves the platform busy.
                        Rollback = "echo {target} >> rollbacks.log; sleep 3; printf '%s' {target} > live",
                    },
                    Verification = new { Window = "2s", Interval = "200ms", VersionUrl = release.Target.Url("version").ToString() },
                    RollbackTimeout = "20s",
                    LivePollInterval = "200ms",
                    MonitorFor = "4s",
                },
            },
        },
    });

    private static bool Reached(KillAt at, PostgresDatabase db, string rollbacks, string live) => at switch
    {
        KillAt.BeforeTheCall => State(db) is "Decided" or "RollingBack" && !File.Exists(rollbacks),
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

    private static async Task Until(Func<bool> condition, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("condition not met in time; output:\n" + context());
            await Task.Delay(50);
        }
    }
}
