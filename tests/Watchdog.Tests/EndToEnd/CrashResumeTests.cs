using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.EndToEnd;

/// <summary>
/// The journal's promise, tested on the real binary: kill -9 in the middle of a rollback, start
/// again, and the incident goes on from where it was without running the rollback twice.
/// </summary>
[Trait("Native", "true")] // rerun by CI against the native build (WATCHDOG_TEST_HOST_BINARY)
public class CrashResumeTests
{
    [Fact]
    public async Task Host_KilledDuringRollback_ResumesOnRestartAndRollsBackExactlyOnce()
    {
        await using var release = await BadRelease.StartAsync("watchdog-crash-");
        var (dir, live, target) = (release.Directory, release.LivePath, release.Target);

        // The rollback records that it ran, takes 4 s, and only then switches the live version:
        // a kill in that window leaves the journal saying "started" and the platform still busy.
        var config = Path.Combine(dir.FullName, "watchdog.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Serilog = new { MinimumLevel = new { Default = "Information" }, WriteTo = new[] { new { Name = "Console" } } },
            Watchdog = new
            {
                Mode = "Auto",
                DataDirectory = Path.Combine(dir.FullName, "data"),
                Services = new[]
                {
                    new
                    {
                        Name = "api",
                        PollInterval = "200ms",
                        // A generous probe timeout: on a loaded CI machine one slow answer would read as a regression while monitoring.
                        Health = new { Url = target.Url("health").ToString(), Timeout = "2s", Window = "1s" },
                        Rules = new[] { new { Name = "availability", Signal = "Availability", Comparison = "Below", Threshold = "0.95", For = "1s", MinSamples = "2", Meaning = "CoreBroken" } },
                        Provider = new
                        {
                            Type = "Command",
                            WorkingDirectory = dir.FullName,
                            List = "cat deployments",
                            Current = "cat live",
                            Rollback = "echo {target} >> rollbacks.log; sleep 4; printf '%s' {target} > live",
                        },
                        Verification = new { Window = "600ms", Interval = "200ms", VersionUrl = target.Url("version").ToString() },
                        RollbackTimeout = "20s",
                        LivePollInterval = "200ms",
                        MonitorFor = "1s",
                    },
                },
            },
        }));

        var rollbacks = Path.Combine(dir.FullName, "rollbacks.log");
        string firstRun;
        await using (var first = WatchdogProcess.Start(dir.FullName, "run", "--config", config))
        {
            await Until(() => File.Exists(rollbacks), TimeSpan.FromSeconds(30), () => first.Output);
            first.KillHard();
            firstRun = first.Output;
        }

        File.ReadAllText(live).Trim().ShouldBe("v2", "the kill must land before the rollback finished");

        await using var second = WatchdogProcess.Start(dir.FullName, "run", "--config", config);
        using var http = new HttpClient { BaseAddress = second.BaseAddress };
        JsonElement incident = default;
        await Until(async () =>
        {
            try
            {
                var list = await http.GetFromJsonAsync<JsonElement[]>("api/incidents");
                if (list is not { Length: > 0 }) return false;
                incident = await http.GetFromJsonAsync<JsonElement>($"api/incidents/{list[0].GetProperty("id").GetString()}");
                return incident.GetProperty("state").GetString() == "Resolved";
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(45), () => firstRun + "\n--- after restart ---\n" + second.Output);

        File.ReadAllLines(rollbacks).ShouldBe(["v1"]);
        File.ReadAllText(live).Trim().ShouldBe("v1");
        (await http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.Length.ShouldBe(1, "the restart must not open a second incident");
        var rollback = incident.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "rollback");
        rollback.GetProperty("attempt").GetInt32().ShouldBe(2);
        rollback.GetProperty("output").GetString()!.ShouldContain("not rolled back again");
        dir.Delete(recursive: true);
    }

    private static Task Until(Func<bool> condition, TimeSpan timeout, Func<string> context) =>
        Until(() => Task.FromResult(condition()), timeout, context);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("condition not met in time; output:\n" + context());
            await Task.Delay(100);
        }
    }
}
