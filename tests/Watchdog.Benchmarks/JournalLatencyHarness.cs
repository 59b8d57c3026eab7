using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;

namespace Watchdog.Benchmarks;

/// <summary>
/// Journaled step latency as the runbook pays it: each <see cref="JournalStore.SaveAsync"/> adds one step and one
/// timeline event to an incident of a runbook's size (10 steps), and each ledger <see cref="JournalStore.TryAddAsync"/>
/// takes a new key, as a signed link or an alert delivery does. Same code on SQLite (a temp file) and PostgreSQL (a fresh
/// database on the server <c>--postgres</c> or <c>WATCHDOG_TEST_POSTGRES</c> names), one caller at a time.
/// </summary>
public static class JournalLatencyHarness
{
    private const int StepsPerIncident = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var saves = Option(args, "--saves") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1000;
        var server = Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("WATCHDOG_TEST_POSTGRES");
        Console.WriteLine($"journal: {saves} saves (a new step each, {StepsPerIncident} steps per incident) and {saves} ledger TryAdd per engine, after {saves / 10} of each to warm up");

        var dir = Directory.CreateTempSubdirectory("watchdog-journal-bench-");
        try
        {
            using (var sqlite = new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = dir.FullName }), TimeProvider.System, NullLogger<SqliteIncidentStore>.Instance))
                await MeasureAsync($"SQLite {dir.FullName} (WAL, synchronous=FULL)", sqlite, saves);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        if (server is null)
        {
            Console.WriteLine("PostgreSQL: skipped (no --postgres and no WATCHDOG_TEST_POSTGRES; eval \"$(WATCHDOG_PG_FSYNC=on tests/postgres.sh start)\")");
            return 0;
        }

        var name = "watchdog_bench_" + Guid.NewGuid().ToString("N")[..8];
        await AdminAsync(server, $"CREATE DATABASE {name}");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            var durability = await SettingsAsync(cs);
            using var postgres = new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = cs }, TimeProvider.System, NullLogger<PostgresIncidentStore>.Instance);
            await MeasureAsync($"PostgreSQL {name} ({durability})", postgres, saves);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        return 0;
    }

    private static async Task MeasureAsync(string engine, JournalStore store, int saves)
    {
        await store.InitializeAsync(CancellationToken.None);
        await SavesAsync(store, "warm", saves / 10);
        await TryAddsAsync(store, "warm", saves / 10);
        Console.WriteLine(engine);
        Report("SaveAsync (+1 step)", await SavesAsync(store, "run", saves));
        Report("ledger TryAddAsync", await TryAddsAsync(store, "run", saves));
    }

    private static async Task<List<double>> SavesAsync(JournalStore store, string prefix, int count)
    {
        var took = new List<double>(count);
        Incident? incident = null;
        var t0 = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            if (i % StepsPerIncident == 0) incident = Open($"{prefix}-{i / StepsPerIncident:0000}", t0);
            var at = t0.AddSeconds(i);
            incident!.SetStep(new StepRecord($"step-{i % StepsPerIncident}", StepStatus.Succeeded, 1, at, at.AddMilliseconds(5), "ok"));
            incident.Record(at, TimelineKind.Step, $"step-{i % StepsPerIncident} succeeded");
            var clock = Stopwatch.StartNew();
            await store.SaveAsync(incident, CancellationToken.None);
            took.Add(clock.Elapsed.TotalMilliseconds);
        }

        return took;
    }

    private static async Task<List<double>> TryAddsAsync(JournalStore store, string prefix, int count)
    {
        var took = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await store.TryAddAsync("links", $"{prefix}-nonce-{i}", "used", CancellationToken.None);
            took.Add(clock.Elapsed.TotalMilliseconds);
        }

        return took;
    }

    private static Incident Open(string id, DateTimeOffset at)
    {
        var trigger = new Trigger("error-rate", Meaning.UsersAffected, "error rate 23.4% above 10% for 5m", at.AddMinutes(-5), at, Signal.ErrorRate, 0.234, 0.10, TimeSpan.FromMinutes(5));
        var incident = new Incident(id, "api", Mode.Auto, trigger, at);
        incident.Record(at, TimelineKind.Detected, trigger.Summary);
        incident.Decide(new Decision(RunbookAction.Rollback, "more than half of users affected", trigger), at);
        return incident;
    }

    internal static void Report(string what, List<double> ms)
    {
        ms.Sort();
        double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-22} n={ms.Count}  p50 {P(0.50):0.00} ms  p99 {P(0.99):0.00} ms  max {ms[^1]:0.00} ms  mean {ms.Average():0.00} ms"));
    }

    internal static async Task<string> SettingsAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', server ' || current_setting('server_version')", connection);
        return "fsync=" + await command.ExecuteScalarAsync();
    }

    internal static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
