using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>The journal deleted under the running host: /readyz fails, people are told, and back again once it is restored.</summary>
public class JournalWatchTests
{
    [Fact]
    public async Task JournalDeleted_ReadyzFailsPeopleAreTold_AndNothingOpensWithoutIt()
    {
        var received = new ConcurrentQueue<JsonElement>();
        var healthy = true;
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => healthy ? Results.Ok() : Results.StatusCode(500)));
        await using var team = await TestPeer.StartAsync(app => app.MapPost("/hook", async (HttpRequest r) =>
        {
            received.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(r.Body));
            return Results.Ok();
        }));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Notifications:Webhooks:0:Url"] = team.Url("hook").ToString();
        settings["Watchdog:Notifications:Webhooks:0:Secret"] = "webhook-secret-0123456789abcdef";
        settings["Watchdog:Services:0:Rules:0:Name"] = "down";
        settings["Watchdog:Services:0:Rules:0:Signal"] = "Up";
        settings["Watchdog:Services:0:Rules:0:Comparison"] = "Below";
        settings["Watchdog:Services:0:Rules:0:Threshold"] = "1";
        settings["Watchdog:Services:0:Rules:0:For"] = "200ms";
        settings["Watchdog:Services:0:Rules:0:MinSamples"] = "1";
        settings["Watchdog:Services:0:Rules:0:Meaning"] = "ServiceDown";
        await using var host = await InProcessHost.StartAsync(settings);
        (await host.Http.GetAsync("readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var journal = Path.Combine(host.DataDirectory, "watchdog.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(journal + suffix);

        var readyz = await Eventually(async () => await host.Http.GetAsync("readyz"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        (await readyz.Content.ReadAsStringAsync()).ShouldContain("journal: the journal file is gone");
        var told = await Eventually(() => Task.FromResult(received.ToArray()), m => m.Any(n => n.GetProperty("title").GetString()!.Contains("NO JOURNAL")));
        told.ShouldContain(n => n.GetProperty("kind").GetString() == "blind");

        // The service goes down while the journal is gone: nothing may open or act without it.
        healthy = false;
        await Task.Delay(1500);
        (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldBeEmpty("nothing opens without a journal");
        File.Exists(journal).ShouldBeFalse("no new, empty journal was made behind people's backs");
        received.ShouldNotContain(n => n.GetProperty("kind").GetString() == "rollback_in_progress");
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed > TimeSpan.FromSeconds(20)) return done(value) ? value : throw new TimeoutException($"still {value}");
            await Task.Delay(50);
        }
    }
}
