using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Watchdog.Hosting;
using Watchdog.Integrations.Tests.Storage;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>
/// PostgreSQL unreachable, at start-up and after: the host starts and watches, /readyz and <c>watchdog_store_up</c> say
/// so, people hear it once, nothing acts; once the server answers the fault that fired throughout is one incident.
/// </summary>
public partial class StoreDownTests
{
    private const string Password = "store-down-password-0451";
    private const string Lost = "NO JOURNAL";
    private const string Back = "journal is sound again";

    [PostgresFact]
    public async Task PostgresStoppedAtStart_HostWatchesAndDecidesNothing_ThenResumesWithOneIncidentAndOneRollback()
    {
        using var postgres = OwnPostgres.Start();
        postgres.Stop();
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = Password, Timeout = 3 };
        await using var rig = await Rig.StartAsync(connection.ConnectionString);

        // Up and watching, the journal down: 503 naming it, the gauge at 0, one message however many attempts.
        var readyz = await rig.ReadyzAsync(HttpStatusCode.ServiceUnavailable);
        readyz.ShouldContain($"journal: The incident journal 'PostgreSQL 127.0.0.1:{connection.Port}/postgres' cannot be opened");
        readyz.ShouldNotContain(Password);
        await rig.WatchedWhileDownAsync();

        postgres.Resume();
        await rig.BackAsync();
        await rig.OneIncidentOneRollbackAsync();
    }

    [PostgresFact]
    public async Task PostgresCutOffWhileRunning_TheFaultFiringThroughoutIsOneIncident_OpenedOnceItAnswers()
    {
        using var database = new PostgresDatabase();
        await using var cut = new TcpCut(database.ServerPort);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = cut.Port, Password = Password, Timeout = 3 };
        await using var rig = await Rig.StartAsync(connection.ConnectionString, failing: false);
        await rig.ReadyzAsync(HttpStatusCode.OK);
        (await rig.StoreUpAsync()).ShouldBe(1);

        cut.Cut();
        rig.Failing = true;
        (await rig.ReadyzAsync(HttpStatusCode.ServiceUnavailable)).ShouldContain("journal: PostgreSQL cannot be used");
        await rig.WatchedWhileDownAsync();

        cut.Restore();
        await rig.BackAsync();
        await rig.OneIncidentOneRollbackAsync();
    }

    [Fact]
    public async Task NothingListensWhereThePostgresJournalIs_TheHostStartsAnyway_503TheGaugeAt0AndOneMessage()
    {
        var port = LoopbackPort.Free(); // the same NpgsqlException a stopped server gives: connection refused
        await using var rig = await Rig.StartAsync($"Host=127.0.0.1;Port={port};Database=watchdog;Username=watchdog;Password={Password};Timeout=2");

        (await rig.ReadyzAsync(HttpStatusCode.ServiceUnavailable)).ShouldContain($"PostgreSQL 127.0.0.1:{port}/watchdog");
        // What answers from the journal says why it cannot, as /readyz does: a 503 naming the journal, never a 500.
        foreach (var path in new[] { "api/incidents", "api/incidents/20261203-030000-000-api", "api/incidents/20261203-030000-000-api/postmortem" })
        {
            var answer = await rig.Host.Http.GetAsync(path);
            answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, path);
            var body = await answer.Content.ReadAsStringAsync();
            body.ShouldNotContain(Password);
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()
                .ShouldStartWith($"journal: The incident journal 'PostgreSQL 127.0.0.1:{port}/watchdog'", Case.Sensitive, path);
        }

        await rig.WatchedWhileDownAsync();
    }

    [Fact]
    public async Task ServerAcceptsButNeverAnswers_StartUpGoesOnWithoutIt_AfterTheConnectionsTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // a dropped connection: nothing ever comes back
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new ConcurrentQueue<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true) held.Enqueue(await silent.AcceptTcpClientAsync());
        });

        await using var rig = await Rig.StartAsync($"Host=127.0.0.1;Port={port};Database=watchdog;Username=watchdog;Timeout=1");

        (await rig.ReadyzAsync(HttpStatusCode.ServiceUnavailable)).ShouldContain($"PostgreSQL 127.0.0.1:{port}/watchdog");
        // What answers from the journal says why it cannot, as /readyz does: a 503 naming the journal, never a 500.
        foreach (var path in new[] { "api/incidents", "api/incidents/20261203-030000-000-api", "api/incidents/20261203-030000-000-api/postmortem" })
        {
            var answer = await rig.Host.Http.GetAsync(path);
            answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, path);
            var body = await answer.Content.ReadAsStringAsync();
            body.ShouldNotContain(Password);
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()
                .ShouldStartWith($"journal: The incident journal 'PostgreSQL 127.0.0.1:{port}/watchdog'", Case.Sensitive, path);
        }

        await rig.WatchedWhileDownAsync();
        silent.Stop();
    }

    /// <summary>
    /// A host on a manual clock (moved on by a pump, and in jumps where a test waits out a backoff) watching a target
    /// that fails until a rollback makes v1 live: the provider's rollback writes the live file and a line per call.
    /// </summary>
    private sealed partial class Rig : IAsyncDisposable
    {
        private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
        private readonly CancellationTokenSource _stop = new();
        private readonly DirectoryInfo _release = Directory.CreateTempSubdirectory("watchdog-store-down-");
        private TestPeer _target = null!;
        private TestPeer _team = null!;
        private Task _pump = Task.CompletedTask;

        public InProcessHost Host { get; private set; } = null!;

        public ConcurrentQueue<JsonElement> Received { get; } = new();

        /// <summary>Whether the target fails while v2 is live; it always answers when v1 is.</summary>
        public volatile bool Failing = true;

        private string Live => File.ReadAllText(Path.Combine(_release.FullName, "live"));

        private string Rollbacks => Path.Combine(_release.FullName, "rollbacks");

        public static async Task<Rig> StartAsync(string connectionString, bool failing = true)
        {
            var rig = new Rig { Failing = failing };
            await File.WriteAllTextAsync(Path.Combine(rig._release.FullName, "live"), "v2");
            rig._target = await TestPeer.StartAsync(app => app.MapGet("/health", () => rig.Failing && rig.Live == "v2" ? Results.StatusCode(500) : Results.Ok()));
            rig._team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
            {
                rig.Received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(r.Body));
                return Results.Ok();
            }));
            var settings = InProcessHost.Service(rig._target.Url("health"));
            settings["Watchdog:Store:Type"] = "Postgres";
            settings["Watchdog:Store:ConnectionString"] = connectionString;
            settings["Watchdog:Notifications:Webhooks:0:Url"] = rig._team.Url("hook").ToString();
            settings["Watchdog:Notifications:Webhooks:0:Secret"] = "webhook-secret-0123456789abcdef";
            settings["Watchdog:Notifications:Timeout"] = "5m"; // longer than any jump of the clock: a send in flight is never cut short by one
            settings["Watchdog:Services:0:Provider:WorkingDirectory"] = rig._release.FullName;
            settings["Watchdog:Services:0:Provider:List"] = "printf 'v2\\nv1\\n'";
            settings["Watchdog:Services:0:Provider:Current"] = "cat live";
            settings["Watchdog:Services:0:Provider:Rollback"] = "printf '%s' {target} > live; echo {target} >> rollbacks";
            settings["Watchdog:Services:0:Rules:0:Name"] = "failing";
            settings["Watchdog:Services:0:Rules:0:Signal"] = "Availability";
            settings["Watchdog:Services:0:Rules:0:Comparison"] = "Below";
            settings["Watchdog:Services:0:Rules:0:Threshold"] = "0.95";
            settings["Watchdog:Services:0:Rules:0:For"] = "1s";
            settings["Watchdog:Services:0:Rules:0:MinSamples"] = "1";
            settings["Watchdog:Services:0:Rules:0:Meaning"] = "CoreBroken";
            // Five times as fast as the wall clock: rules' windows and the journal's checks pass without sleeping through them.
            rig._pump = Task.Run(async () =>
            {
                while (!rig._stop.IsCancellationRequested)
                {
                    rig._clock.Advance(TimeSpan.FromMilliseconds(100));
                    await Task.Delay(20);
                }
            });
            rig.Host = await InProcessHost.StartAsync(settings, rig._clock);
            return rig;
        }

        public async Task<string> ReadyzAsync(HttpStatusCode status)
        {
            var readyz = await Poll.Until(() => Host.Http.GetAsync("readyz"), r => r.StatusCode == status);
            return await readyz.Content.ReadAsStringAsync();
        }

        public async Task<double> StoreUpAsync() => Gauge(await Host.Http.GetStringAsync("metrics"), "watchdog_store_up");

        /// <summary>Many polls and journal attempts later: still one message, the gauge at 0, the rule firing, nothing acted.</summary>
        public async Task WatchedWhileDownAsync()
        {
            var polls = Gauge(await Host.Http.GetStringAsync("metrics"), "watchdog_polls_total{service=\"api\"}");
            await Poll.Until(() => Task.FromResult(Titles()), t => t.Any(x => x.Contains(Lost)));
            await Poll.Until(() => Host.Http.GetStringAsync("metrics"), m => Gauge(m, "watchdog_polls_total{service=\"api\"}") >= polls + 30);
            _clock.Advance(JournalRetry.LongestDelay * 3); // several attempts at the journal, however the backoff's jitter fell
            await Poll.Until(() => Host.Http.GetStringAsync("metrics"), m => Gauge(m, "watchdog_polls_total{service=\"api\"}") >= polls + 40);

            (await Host.Http.GetAsync("readyz")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await StoreUpAsync()).ShouldBe(0);
            // The watch still judges (a jump of the clock may have timed out a probe and set the rule back a moment).
            await Poll.Until(() => Host.Http.GetStringAsync("api/services"), s => s.Contains("\"status\":\"Firing\"", StringComparison.Ordinal));
            Titles().ShouldHaveSingleItem().ShouldContain(Lost, customMessage: "one message for the outage, and nothing about an incident");
            File.Exists(Rollbacks).ShouldBeFalse("no rollback without the journal");
            Live.ShouldBe("v2");
        }

        /// <summary>The journal answers again: ready, the gauge at 1, one message saying so.</summary>
        public async Task BackAsync()
        {
            _clock.Advance(JournalRetry.LongestDelay + TimeSpan.FromSeconds(1)); // the backoff's next attempt is due by now
            (await ReadyzAsync(HttpStatusCode.OK)).ShouldBe("ready\n");
            (await StoreUpAsync()).ShouldBe(1);
            await Poll.Until(() => Task.FromResult(Titles()), t => t.Any(x => x.Contains(Back)));
        }

        /// <summary>The fault that fired throughout is one incident, rolled back once, and stays one.</summary>
        public async Task OneIncidentOneRollbackAsync()
        {
            var opened = await Poll.Until(() => Host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"), i => i!.Length == 1);
            await Poll.Until(() => Task.FromResult(File.Exists(Rollbacks)), done => done);
            var polls = Gauge(await Host.Http.GetStringAsync("metrics"), "watchdog_polls_total{service=\"api\"}");
            await Poll.Until(() => Host.Http.GetStringAsync("metrics"), m => Gauge(m, "watchdog_polls_total{service=\"api\"}") >= polls + 20);

            var incidents = (await Host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!;
            incidents.ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(opened![0].GetProperty("id").GetString());
            (await File.ReadAllLinesAsync(Rollbacks)).ShouldBe(["v1"]);
            Titles().Count(t => t.Contains(Lost)).ShouldBe(1);
            Titles().Count(t => t.Contains(Back)).ShouldBe(1);
            Received.ShouldNotContain(n => n.ToString().Contains(Password));
        }

        // A source's blindness is not counted: on a clock five times as fast as the wall's, a loaded machine's probe can
        // miss its deadline three times in a row, and whether that says anything depends on the machine, not the code.
        private string[] Titles() => [.. Received
            .Where(n => !(n.GetProperty("service").GetString() == "api" && n.GetProperty("kind").GetString() is "blind" or "sees_again"))
            .Select(n => n.GetProperty("title").GetString()!)];

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _pump;
            await Host.DisposeAsync();
            await _team.DisposeAsync();
            await _target.DisposeAsync();
            _release.Delete(recursive: true);
            _stop.Dispose();
        }

        private static double Gauge(string metrics, string series) =>
            Regex.Match(metrics, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline) is { Success: true } m
                ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"no {series} in /metrics");
    }
}
