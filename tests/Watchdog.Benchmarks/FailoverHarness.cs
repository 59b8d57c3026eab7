using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Watchdog.Benchmarks;

/// <summary>
/// Failover time on PostgreSQL: three real hosts share one database and watch one service that breaks; once the
/// rollback is done and verification (30 s) is under way, the instance holding the service is SIGKILLed, and the clock
/// runs until another instance's first action — the first step journaled under a higher lease token. Each run has a
/// database of its own; the median and max over the runs are printed.
/// </summary>
public static class FailoverHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("WATCHDOG_TEST_POSTGRES");
        var runs = int.Parse(Option(args, "--runs") ?? "10", CultureInfo.InvariantCulture);
        var ttl = Option(args, "--ttl") ?? "00:00:15";
        var dll = Option(args, "--watchdog") ?? FootprintHarness.DefaultWatchdogDll();
        if (server is null || dll is null || !File.Exists(dll))
        {
            await Console.Error.WriteLineAsync("failover: needs --postgres CONNECTION-STRING (or WATCHDOG_TEST_POSTGRES) and a built host (dotnet build -c Release src/Watchdog)");
            return 1;
        }

        var times = new List<TimeSpan>();
        for (var run = 1; run <= runs; run++)
        {
            var took = await OneRunAsync(server, dll, ttl);
            Console.WriteLine($"run {run}: {(took is { } t ? $"{t.TotalSeconds:0.00} s" : "no takeover within 3 leases")}");
            if (took is { } ok) times.Add(ok);
        }

        if (times.Count == 0) return 2;
        times.Sort();
        Console.WriteLine($"failover (SIGKILL of the holder → another instance's first journaled step), LeaseTtl {ttl}, {times.Count}/{runs} runs: " +
            $"median {times[times.Count / 2].TotalSeconds:0.00} s, max {times[^1].TotalSeconds:0.00} s");
        return times.Count == runs ? 0 : 2;
    }

    private static async Task<TimeSpan?> OneRunAsync(string server, string dll, string ttl)
    {
        var name = "watchdog_failover_" + Guid.NewGuid().ToString("N")[..10];
        Admin(server, $"CREATE DATABASE {name}");
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var work = Directory.CreateTempSubdirectory("watchdog-failover-");
        var hosts = new Dictionary<string, HostProcess>();
        try
        {
            var live = Path.Combine(work.FullName, "live");
            await File.WriteAllTextAsync(live, "v2");
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "deployments"), "v2 v2 2026-11-21T02:00:00Z\nv1 v1 2026-11-20T12:00:00Z\n");
            await using var target = await StartTargetAsync(live);
            var url = target.Urls.First();
            foreach (var instance in new[] { "wd-1", "wd-2", "wd-3" })
            {
                var config = Path.Combine(work.FullName, instance + ".json");
                await File.WriteAllTextAsync(config, Config(instance, database, ttl, work.FullName, url));
                var data = Directory.CreateDirectory(Path.Combine(work.FullName, "data-" + instance)).FullName;
                hosts[instance] = HostProcess.Start(dll, config, data, work.FullName, Path.Combine(work.FullName, instance + ".log"));
            }

            if (!await UntilAsync(() => Scalar(database, "SELECT state FROM incidents LIMIT 1") as string == "Verifying", TimeSpan.FromMinutes(2))) return null;
            var holder = (string)Scalar(database, "SELECT instance FROM leases WHERE name = 'service:api'")!;
            var token = (long)Scalar(database, "SELECT token FROM leases WHERE name = 'service:api'")!;
            var clock = Stopwatch.StartNew();
            hosts[holder].Stop();
            var ttlSpan = TimeSpan.Parse(ttl, CultureInfo.InvariantCulture);
            var taken = await UntilAsync(() => (long)Scalar(database, $"SELECT count(*) FROM steps WHERE token > {token}")! > 0, ttlSpan * 3, poll: TimeSpan.FromMilliseconds(20));
            return taken ? clock.Elapsed : null;
        }
        finally
        {
            foreach (var h in hosts.Values) h.Dispose();
            NpgsqlConnection.ClearAllPools();
            Admin(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static string Config(string instance, string database, string ttl, string dir, string target) => JsonSerializer.Serialize(new
    {
        Serilog = new { MinimumLevel = new { Default = "Warning" } },
        Watchdog = new
        {
            Mode = "Auto",
            Store = new { Type = "Postgres", ConnectionString = database, Instance = instance, LeaseTtl = ttl },
            Services = new[]
            {
                new
                {
                    Name = "api",
                    PollInterval = "1s",
                    Health = new { Url = target + "/health", Timeout = "2s", Window = "2s" },
                    Rules = new[] { new { Name = "availability", Signal = "Availability", Comparison = "Below", Threshold = "0.95", For = "2s", MinSamples = "2", Meaning = "CoreBroken" } },
                    Provider = new { Type = "Command", WorkingDirectory = dir, List = "cat deployments", Current = "cat live", Rollback = "printf '%s' {target} > live" },
                    Verification = new { Window = "30s", Interval = "1s" },
                },
            },
        },
    });

    private static async Task<WebApplication> StartTargetAsync(string live)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/health", () => File.ReadAllText(live).Trim() == "v1" ? Results.Text("ok") : Results.StatusCode(500));
        await app.StartAsync();
        return app;
    }

    private static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan within, TimeSpan? poll = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (condition()) return true;
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }

        return false;
    }

    private static object? Scalar(string database, string sql)
    {
        try
        {
            using var connection = new NpgsqlConnection(database);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    private static void Admin(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
