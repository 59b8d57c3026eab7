using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

[Trait("Native", "true")] // rerun by CI against the native build (WATCHDOG_TEST_HOST_BINARY)
public class TriggerCliTests
{
    [Fact]
    public async Task TriggerVerb_DataAtRisk_OpensAnIncidentOnTheRunningWatchdog()
    {
        var dir = Directory.CreateTempSubdirectory("watchdog-trigger-");
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var config = Path.Combine(dir.FullName, "watchdog.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                Mode = "DryRun",
                DataDirectory = Path.Combine(dir.FullName, "data"),
                Api = new { Token = "cli-test-token-0123456789" },
                Services = new[]
                {
                    new
                    {
                        Name = "api",
                        Health = new { Url = target.Url("health").ToString() },
                        Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" },
                    },
                },
            },
        }));

        await using var host = WatchdogProcess.Start(dir.FullName, "run", "--config", config);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        for (var i = 0; i < 150 && !await ReadyAsync(http); i++) await Task.Delay(100);

        var (exit, output) = await WatchdogProcess.RunToExitAsync(dir.FullName,
            "trigger", "--config", config, "--url", host.BaseAddress.ToString(), "--service", "api", "--meaning", "DataAtRisk", "--summary", "orders table corrupted by migration 42");

        exit.ShouldBe(0, output + host.Output);
        output.ShouldStartWith("202");
        var incidents = await http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        incidents.ShouldNotBeNull().ShouldHaveSingleItem().GetProperty("rule").GetString().ShouldBe("manual:DataAtRisk");
        dir.Delete(recursive: true);
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("readyz")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
