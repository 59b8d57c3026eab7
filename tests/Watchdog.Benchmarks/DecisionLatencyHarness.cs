using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Watchdog.Core.Channels;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Releases;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;

namespace Watchdog.Benchmarks;

/// <summary>
/// From the decision to the provider's rollback call, in process, on the real journal and the real clock: a service
/// watch whose availability rule goes pending at one tick and fires at the next, a platform that takes
/// <c>--platform-ms</c> for every call (what is live, the list, the logs, a variable), one channel that takes
/// <c>--announce-ms</c> to deliver (a paced status page). The gap is the rollback call's time minus the decision's
/// (the incident's Decided state), the write is every journal save that ran between them, timed by a wrapper.
/// </summary>
public static class DecisionLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Number(string name, int otherwise) => JournalLatencyHarness.Option(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : otherwise;
        var runs = Number("--runs", 200);
        var platform = TimeSpan.FromMilliseconds(Number("--platform-ms", 150));
        var announce = TimeSpan.FromMilliseconds(Number("--announce-ms", 400));
        var server = JournalLatencyHarness.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("WATCHDOG_TEST_POSTGRES");
        Console.WriteLine($"decision: {runs} incidents per journal (after {runs / 10} to warm up); every platform call takes {platform.TotalMilliseconds} ms, the announcement {announce.TotalMilliseconds} ms");

        var dir = Directory.CreateTempSubdirectory("watchdog-decision-bench-");
        try
        {
            using var sqlite = new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = dir.FullName }), TimeProvider.System, NullLogger<SqliteIncidentStore>.Instance);
            await MeasureAsync("SQLite (WAL, synchronous=FULL)", sqlite, runs, platform, announce);
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        if (server is null)
        {
            Console.WriteLine("PostgreSQL: skipped (no --postgres and no WATCHDOG_TEST_POSTGRES)");
            return 0;
        }

        var name = "watchdog_decision_" + Guid.NewGuid().ToString("N")[..8];
        await JournalLatencyHarness.AdminAsync(server, $"CREATE DATABASE {name}");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            using var postgres = new PostgresIncidentStore(new PostgresStoreOptions { ConnectionString = cs }, TimeProvider.System, NullLogger<PostgresIncidentStore>.Instance);
            await MeasureAsync($"PostgreSQL ({await JournalLatencyHarness.SettingsAsync(cs)})", postgres, runs, platform, announce);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await JournalLatencyHarness.AdminAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        return 0;
    }

    private static async Task MeasureAsync(string engine, JournalStore journal, int runs, TimeSpan platform, TimeSpan announce)
    {
        var (gaps, writes, apart, counts) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < runs + runs / 10; i++)
        {
            var (gap, write, saves) = await OneAsync($"svc-{i}", journal, platform, announce);
            if (i < runs / 10) continue;
            gaps.Add(gap);
            writes.Add(write);
            apart.Add(gap - write);
            counts.Add(saves);
        }

        Console.WriteLine(engine);
        JournalLatencyHarness.Report("decision → call", gaps);
        JournalLatencyHarness.Report("  the journal write", writes);
        JournalLatencyHarness.Report("  all but the write", apart);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  saves between decision and call: {counts.Min()}–{counts.Max()}"));
    }

    private static async Task<(double Gap, double Write, int Saves)> OneAsync(string service, JournalStore journal, TimeSpan latency, TimeSpan announce)
    {
        var time = TimeProvider.System;
        var app = new SlowPlatform(latency);
        var store = new TimedStore(journal, time);
        var settings = new RunbookSettings { Mode = Mode.Auto, PollInterval = TimeSpan.FromSeconds(10), MonitorFor = TimeSpan.Zero, LivePollInterval = TimeSpan.FromMilliseconds(50) };
        var runbook = new ServiceRunbook(service, settings, app, [], [], new Verified());
        var rule = new Rule("down", Signal.Availability, Comparison.Below, 0.95, TimeSpan.FromSeconds(2), 1, Meaning.ServiceDown);
        var fanout = new NotifierFanout([new SlowChannel(announce, time)], Redactor.None, time, TimeSpan.FromSeconds(10));
        using var watch = new ServiceWatch(runbook, new RuleSet([rule], null, null), [new Availability(app)], store, fanout, Redactor.None, time, CancellationToken.None, journal);

        // Two ticks judged two seconds apart by their schedule, run back to back: pending, then firing.
        var first = time.GetUtcNow();
        await watch.TickAsync(CancellationToken.None, first);
        await watch.TickAsync(CancellationToken.None, first + TimeSpan.FromSeconds(2));
        var called = await app.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await watch.Running.WaitAsync(TimeSpan.FromSeconds(30));

        var incident = (await journal.ListAsync(1_000, CancellationToken.None)).Single(x => x.Service == service);
        var decided = incident.Timeline.First(e => e.Kind == TimelineKind.State).At;
        var between = store.Saves.Where(s => s.Start >= decided && s.End <= called).ToList();
        return ((called - decided).TotalMilliseconds, between.Sum(s => (s.End - s.Start).TotalMilliseconds), between.Count);
    }

    /// <summary>A platform whose every answer takes <paramref name="latency"/>: v2 live, v1 before it; the rollback call is timed as it arrives.</summary>
    private sealed class SlowPlatform(TimeSpan latency) : IDeploymentProvider, IProviderLogs
    {
        private static readonly Deployment V1 = new("dep-v1", "v1", DateTimeOffset.UnixEpoch, true, true), V2 = new("dep-v2", "v2", DateTimeOffset.UnixEpoch.AddHours(1), true, true);
        private volatile Deployment _live = V2;

        public TaskCompletionSource<DateTimeOffset> Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Down => _live == V2;

        public string Name => "slow-platform";

        public bool SetVariableRedeploys => false;

        public async Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken ct)
        {
            await Task.Delay(latency, ct);
            return PeerResult.Of<Deployment?>(_live);
        }

        public async Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken ct)
        {
            await Task.Delay(latency, ct);
            return PeerResult.Of<IReadOnlyList<Deployment>>([V2, V1]);
        }

        public Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken ct)
        {
            Called.TrySetResult(TimeProvider.System.GetUtcNow());
            _live = V1;
            return Task.FromResult(StepOutcome.Success("accepted"));
        }

        public async Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken ct)
        {
            await Task.Delay(latency, ct);
            return StepOutcome.Success($"{name}={value}");
        }

        public async Task<IReadOnlyList<string>> LiveLogsAsync(int maxLines, CancellationToken ct)
        {
            await Task.Delay(latency, ct);
            return ["GET /checkout 500"];
        }
    }

    private sealed class Availability(SlowPlatform app) : ISignalSource
    {
        public string Name => "health";

        public Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<Reading>>([Reading.Of(Signal.Availability, app.Down ? 0 : 1, 10, TimeProvider.System.GetUtcNow())]);

        public void Reset() { }
    }

    private sealed class SlowChannel(TimeSpan takes, TimeProvider time) : INotifier
    {
        public string Name => "paced-status-page";

        public Task SendAsync(Notification notification, CancellationToken ct) => Task.Delay(takes, time, ct);
    }

    private sealed class Verified : IVerifier
    {
        public Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken ct) => Task.FromResult(StepOutcome.Success($"{expected} verified"));
    }

    /// <summary>The journal, each save timed.</summary>
    private sealed class TimedStore(IIncidentStore inner, TimeProvider time) : IIncidentStore
    {
        private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _saves = [];

        public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Saves
        {
            get { lock (_saves) return [.. _saves]; }
        }

        public async Task SaveAsync(Incident incident, CancellationToken ct)
        {
            var start = time.GetUtcNow();
            await inner.SaveAsync(incident, ct);
            lock (_saves) _saves.Add((start, time.GetUtcNow()));
        }

        public Task<Incident?> GetAsync(string id, CancellationToken ct) => inner.GetAsync(id, ct);

        public Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken ct) => inner.ListAsync(limit, ct);

        public Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken ct) => inner.ListOpenAsync(ct);

        public Task<IReadOnlyList<DateTimeOffset>> AutomaticRollbacksSinceAsync(string service, DateTimeOffset since, CancellationToken ct) =>
            inner.AutomaticRollbacksSinceAsync(service, since, ct);

        public Task QuarantineAsync(string service, string version, string? deploymentId, string incidentId, DateTimeOffset at, CancellationToken ct) =>
            inner.QuarantineAsync(service, version, deploymentId, incidentId, at, ct);

        public Task<IReadOnlySet<string>> QuarantinedAsync(string service, CancellationToken ct) => inner.QuarantinedAsync(service, ct);
    }
}
