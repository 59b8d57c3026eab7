using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Watchdog.Integrations.Tests.Storage;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>The journal lost under the running host: /readyz fails, people are told, nothing opens, and back again once it is sound.</summary>
public class JournalWatchTests
{
    [Fact]
    public async Task JournalDeleted_ReadyzFailsPeopleAreTold_AndNothingOpensWithoutIt()
    {
        await using var rig = await Rig.StartAsync(_ => { });
        (await rig.Host.Http.GetStringAsync("metrics")).ShouldContain("\nwatchdog_store_up 1\n");

        var journal = Path.Combine(rig.Host.DataDirectory, "watchdog.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(journal + suffix);

        await rig.ReadyzFailsAndPeopleAreToldAsync("journal: the journal file is gone");
        (await rig.Host.Http.GetStringAsync("metrics")).ShouldContain("\nwatchdog_store_up 0\n", customMessage: "SQLite's journal lost is the store down too");

        // The service fails while the journal is gone: nothing may open or act without it.
        rig.Healthy = false;
        await Task.Delay(1500);
        (await rig.Host.Http.GetFromJsonAsync<JsonElement[]>("api/services"))!.ShouldAllBe(s => s.GetProperty("openIncident").ValueKind == JsonValueKind.Null, "nothing opens without a journal");
        (await rig.Host.Http.GetAsync("api/incidents")).StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable, "the journal's reads say it is gone");
        File.Exists(journal).ShouldBeFalse("no new, empty journal was made behind people's backs");
        rig.Received.ShouldNotContain(n => n.GetProperty("kind").GetString() == "rollback_in_progress");
    }

    [PostgresFact]
    public async Task PostgresCutOff_ReadyzFailsPeopleAreToldNeverThePassword_ThenBackOnceItAnswers()
    {
        const string password = "pg-host-test-password-4242";
        using var database = new PostgresDatabase();
        await using var cut = new TcpCut(database.ServerPort);
        await using var rig = await Rig.StartAsync(s =>
        {
            s["Watchdog:Mode"] = "DryRun";
            s["Watchdog:Store:Type"] = "Postgres";
            s["Watchdog:Store:ConnectionString"] =
                new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = cut.Port, Password = password, Timeout = 3 }.ConnectionString;
        });

        rig.Healthy = false;
        var opened = await Poll.Until(() => rig.Host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents")!, i => i!.Length == 1);
        using (var raw = database.Raw())
        using (var count = new NpgsqlCommand("SELECT count(*) FROM incidents WHERE id = @id", raw))
        {
            count.Parameters.AddWithValue("id", opened![0].GetProperty("id").GetString()!);
            (await count.ExecuteScalarAsync()).ShouldBe(1L, "the incident is in PostgreSQL");
        }

        File.Exists(Path.Combine(rig.Host.DataDirectory, "watchdog.db")).ShouldBeFalse("and not in a SQLite file");

        cut.Cut();
        var (readyz, told) = await rig.ReadyzFailsAndPeopleAreToldAsync("journal: PostgreSQL cannot be used");
        readyz.ShouldNotContain(password);
        told.ShouldNotContain(n => n.ToString().Contains(password));

        cut.Restore();
        await Poll.Until(() => rig.Host.Http.GetAsync("readyz"), r => r.StatusCode == HttpStatusCode.OK);
    }

    /// <summary>A host watching a target that fails on demand (availability below 95% opens an incident), telling a webhook.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private TestPeer _target = null!;
        private TestPeer _team = null!;

        public InProcessHost Host { get; private set; } = null!;

        public ConcurrentQueue<JsonElement> Received { get; } = new();

        public volatile bool Healthy = true;

        public static async Task<Rig> StartAsync(Action<Dictionary<string, string?>> configure)
        {
            var rig = new Rig();
            rig._target = await TestPeer.StartAsync(app => app.MapGet("/health", () => rig.Healthy ? Results.Ok() : Results.StatusCode(500)));
            rig._team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
            {
                rig.Received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(r.Body));
                return Results.Ok();
            }));
            var settings = InProcessHost.Service(rig._target.Url("health"));
            settings["Watchdog:Notifications:Webhooks:0:Url"] = rig._team.Url("hook").ToString();
            settings["Watchdog:Notifications:Webhooks:0:Secret"] = "webhook-secret-0123456789abcdef";
            settings["Watchdog:Services:0:Rules:0:Name"] = "failing";
            settings["Watchdog:Services:0:Rules:0:Signal"] = "Availability";
            settings["Watchdog:Services:0:Rules:0:Comparison"] = "Below";
            settings["Watchdog:Services:0:Rules:0:Threshold"] = "0.95";
            settings["Watchdog:Services:0:Rules:0:For"] = "200ms";
            settings["Watchdog:Services:0:Rules:0:MinSamples"] = "1";
            settings["Watchdog:Services:0:Rules:0:Meaning"] = "CoreBroken";
            configure(settings);
            rig.Host = await InProcessHost.StartAsync(settings);
            (await rig.Host.Http.GetAsync("readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
            return rig;
        }

        /// <returns>The failing /readyz body and what the webhook was sent.</returns>
        public async Task<(string Readyz, JsonElement[] Told)> ReadyzFailsAndPeopleAreToldAsync(string because)
        {
            var readyz = await Poll.Until(() => Host.Http.GetAsync("readyz"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
            var body = await readyz.Content.ReadAsStringAsync();
            body.ShouldContain(because);
            var told = await Poll.Until(() => Task.FromResult(Received.ToArray()), m => m.Any(n => n.GetProperty("title").GetString()!.Contains("NO JOURNAL")));
            told.ShouldContain(n => n.GetProperty("kind").GetString() == "blind");
            return (body, told);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await _team.DisposeAsync();
            await _target.DisposeAsync();
        }
    }
}
