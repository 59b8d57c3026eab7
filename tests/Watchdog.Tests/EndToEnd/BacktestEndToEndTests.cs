using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;
using Watchdog.Integrations.Tests.Storage;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>The backtest verb against a real Prometheus loaded with two hours of known history.</summary>
public class BacktestEndToEndTests
{
    private const int Minutes = 120;

    /// <summary>1,000 requests a minute; 15% fail from minute 61 to 80, 2% otherwise.</summary>
    private static string History(DateTimeOffset start)
    {
        var sb = new StringBuilder();
        long ok = 0, failed = 0;
        var okAt = new long[Minutes + 1];
        var failedAt = new long[Minutes + 1];
        for (var k = 1; k <= Minutes; k++)
        {
            var errors = k is >= 61 and <= 80 ? 150 : 20;
            okAt[k] = ok += 1000 - errors;
            failedAt[k] = failed += errors;
        }

        foreach (var (code, values) in new[] { ("200", okAt), ("500", failedAt) })
            for (var k = 0; k <= Minutes; k++)
                sb.Append(CultureInfo.InvariantCulture, $"http_requests_total{{service=\"shop\",code=\"{code}\"}} {values[k]} {start.AddMinutes(k).ToUnixTimeSeconds()}\n");
        return sb.Append("# EOF\n").ToString();
    }

    [PrometheusFact]
    public async Task Backtest_StretchAboveTenPercent_ReportsPendingFiringAndTheDecisionAndExits3()
    {
        await using var history = await ShopHistory.StartAsync();

        var (code, printed) = await history.BacktestAsync();

        code.ShouldBe(3, printed);
        printed.ShouldContain("error-rate (ErrorRate > 10% for 5m): fired 1 time(s)");
        var start = history.Start;
        var pending = At(printed, "error-rate", "inactive → pending");
        var firing = At(printed, "error-rate", "pending → firing");
        pending.ShouldBeInRange(start.AddMinutes(61), start.AddMinutes(66), "the 5-minute rate crosses 10% a few minutes into the stretch");
        (firing - pending).ShouldBe(TimeSpan.FromMinutes(5), "firing only after the breach held for the rule's whole For");
        printed.ShouldContain("policy would decide: Rollback");
        printed.ShouldContain("service-down (Up < 1 for 1m): never fired");
        printed.ShouldContain("backtest: asking Prometheus for");
        printed.ShouldContain("backtest: read ErrorRate (");
        printed.ShouldContain($"Precision not measured: no journal at {history.Journal} (Watchdog:DataDirectory). The alarms above are all there is.");
        File.Exists(history.Journal).ShouldBeFalse("a backtest creates no journal");
    }

    [PrometheusFact]
    public async Task Backtest_WithAJournal_ScoresEachRulesAlarmsAgainstPeoplesRollbacks_AndLeavesTheJournalAsItWas()
    {
        await using var history = await ShopHistory.StartAsync();
        var start = history.Start;
        // A person rolled back 10 minutes after the replayed alarm (its answer), and once at minute 20 with no alarm before (missed).
        await history.JournalAsync(
            PersonRollback("inc-answer", "shop", start.AddMinutes(Minutes - 35)),
            PersonRollback("inc-unseen", "shop", start.AddMinutes(20)),
            PersonRollback("inc-other", "web", start.AddMinutes(30)));
        var before = await File.ReadAllBytesAsync(history.Journal);

        var (code, printed) = await history.BacktestAsync();

        code.ShouldBe(3, printed);
        var firing = At(printed, "error-rate", "pending → firing");
        printed.ShouldContain($"Against the journal ({history.Journal}): an alarm is true when a confirmed incident, a person's rollback or a deploy followed within 1h00m");
        printed.ShouldContain("error-rate: 1 would-be alarm(s): 1 true, 0 false, 0 pending; missed 1 of 2 real incident(s); precision 100%, recall 50%");
        printed.ShouldContain($"  {Utc(firing)} true: a person rolled back (rollback requested by dana), incident inc-answer at {Utc(start.AddMinutes(Minutes - 35))}");
        printed.ShouldContain($"  {Utc(start.AddMinutes(20))} missed: a person rolled back (rollback requested by dana), incident inc-unseen");
        printed.ShouldContain("service-down: 0 would-be alarm(s): 0 true, 0 false, 0 pending; missed 2 of 2 real incident(s); precision n/a, recall 0%");
        printed.ShouldNotContain("inc-other");
        (await File.ReadAllBytesAsync(history.Journal)).ShouldBe(before, "the journal is read, never written");
    }

    [PostgresFact(WithPrometheus = true)]
    public async Task Backtest_WithAPostgresJournal_ScoresAgainstIt_NamingTheServerAndDatabase()
    {
        using var database = new PostgresDatabase();
        await using var history = await ShopHistory.StartAsync();
        using (var store = new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = database.ConnectionString }, TimeProvider.System, NullLogger<PostgresIncidentStore>.Instance))
            await store.SaveAsync(PersonRollback("inc-answer", "shop", history.Start.AddMinutes(85)), CancellationToken.None);

        var (code, printed) = await history.BacktestAsync(new { Type = "Postgres", database.ConnectionString });

        code.ShouldBe(3, printed);
        printed.ShouldContain($"Against the journal (PostgreSQL 127.0.0.1:{database.ServerPort}/{database.Name}): ");
        printed.ShouldContain("error-rate: 1 would-be alarm(s): 1 true, 0 false, 0 pending; missed 0 of 1 real incident(s); precision 100%, recall 100%");
        File.Exists(history.Journal).ShouldBeFalse("no SQLite journal is made beside it");
    }

    [PrometheusFact]
    public async Task Backtest_WithAJournalThatIsNoDatabase_SaysSo_AndStillReportsTheAlarms()
    {
        await using var history = await ShopHistory.StartAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(history.Journal)!);
        await File.WriteAllTextAsync(history.Journal, "not a database, but long enough to have a header and a page or two of text in it");

        var (code, printed) = await history.BacktestAsync();

        code.ShouldBe(3, printed);
        printed.ShouldContain("error-rate (ErrorRate > 10% for 5m): fired 1 time(s)");
        printed.ShouldContain($"Precision not measured: the journal {history.Journal} could not be read: ");
        printed.ShouldNotContain("Against the journal");
    }

    private static Incident PersonRollback(string id, string service, DateTimeOffset at) =>
        new(id, service, Mode.Auto, new Trigger("manual:rollback", Meaning.CoreBroken, "rollback requested by dana", at, at), at);

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    /// <summary>A Prometheus holding <see cref="History"/> from <see cref="Start"/>, and a configuration watching "shop" through it.</summary>
    private sealed class ShopHistory : IAsyncDisposable
    {
        private readonly PrometheusServer _prometheus;
        private readonly DirectoryInfo _dir;

        private ShopHistory(PrometheusServer prometheus, DirectoryInfo dir, DateTimeOffset start) => (_prometheus, _dir, Start) = (prometheus, dir, start);

        public DateTimeOffset Start { get; }

        private string Data => Path.Combine(_dir.FullName, "data");

        public string Journal => Path.Combine(Data, "watchdog.db");

        public static async Task<ShopHistory> StartAsync()
        {
            var now = DateTimeOffset.UtcNow;
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-Minutes - 1);
            var prometheus = await PrometheusServer.StartAsync("global:\n  scrape_interval: 1s\n", async data =>
            {
                var input = Path.Combine(Path.GetDirectoryName(data)!, "history.om");
                await File.WriteAllTextAsync(input, History(start));
                var (exit, output) = await Tools.RunAsync("promtool", $"tsdb create-blocks-from openmetrics {input} {data}");
                exit.ShouldBe(0, output);
            });
            return new ShopHistory(prometheus, Directory.CreateTempSubdirectory("watchdog-backtest-"), start);
        }

        /// <summary>Writes a journal holding <paramref name="incidents"/>, as a Watchdog that stopped leaves it.</summary>
        public async Task JournalAsync(params Incident[] incidents)
        {
            using var store = new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = Data }), TimeProvider.System, NullLogger<SqliteIncidentStore>.Instance);
            foreach (var i in incidents) await store.SaveAsync(i, CancellationToken.None);
        }

        /// <param name="store">Watchdog:Store, when the journal is not the SQLite file in <see cref="Data"/>.</param>
        public async Task<(int Code, string Printed)> BacktestAsync(object? store = null)
        {
            var config = Path.Combine(_dir.FullName, "watchdog.json");
            var settings = JsonSerializer.SerializeToNode(new
            {
                Watchdog = new
                {
                    DataDirectory = Data,
                    Prometheus = new { BaseUrl = _prometheus.BaseUrl.ToString() },
                    Services = new[]
                    {
                        new
                        {
                            Name = "shop",
                            PollInterval = "1m",
                            Health = new { Url = "http://127.0.0.1:9/health" },
                            Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" },
                        },
                    },
                },
            })!;
            if (store is not null) settings["Watchdog"]!["Store"] = JsonSerializer.SerializeToNode(store);
            await File.WriteAllTextAsync(config, settings.ToJsonString());
            return await WatchdogProcess.RunToExitAsync(_dir.FullName, "backtest", "--config", config, "--service", "shop",
                "--from", Start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), "--to", Start.AddMinutes(Minutes).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), "--step", "1m");
        }

        public async ValueTask DisposeAsync()
        {
            await _prometheus.DisposeAsync();
            _dir.Delete(recursive: true);
        }
    }

    private static DateTimeOffset At(string printed, string rule, string transition)
    {
        var line = printed.Split('\n').Single(l => l.Contains(transition, StringComparison.Ordinal) && l.Contains(rule + " (", StringComparison.Ordinal));
        return DateTimeOffset.Parse(line.Trim()[..20], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
