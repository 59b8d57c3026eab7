using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Cli;
using Watchdog.Testing;

namespace Watchdog.Tests.Cli;

/// <summary><c>evaluate --once</c> reads every source once against real peers, prints what the rules see now, and never acts.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("watchdog-evaluate-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Config(Uri health)
    {
        var path = Path.Combine(_dir.FullName, "appsettings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                Mode = "Auto",
                DataDirectory = "data",
                Services = new[]
                {
                    new
                    {
                        Name = "api",
                        Health = new { Url = health.ToString(), Timeout = "2s" },
                        Rules = new object[]
                        {
                            new { Name = "errors", Signal = "ErrorRate", Comparison = "Above", Threshold = 0.1, For = "5m", MinSamples = 1 },
                            new { Name = "slow", Signal = "LatencyP95", Comparison = "AboveBaselineBy", Threshold = 0.5, For = "5m", MinSamples = 1 },
                        },
                        Provider = new { List = "echo v1", Current = "echo v1", Rollback = "touch rolled-back" },
                    },
                },
            },
        }));
        return path;
    }

    private static async Task<(int Exit, string Out)> RunAsync(string config)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Commands.Parse(["evaluate", "--once", "--config", config], output, error);
        return (exit, output + error.ToString());
    }

    [Fact]
    public async Task FailingService_PrintsTheReadingAndTheBreach_Exits3_AndActsOnNothing()
    {
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.StatusCode(500)));

        var (exit, output) = await RunAsync(Config(peer.Url("health")));

        exit.ShouldBe(EvaluateCommand.Breached, output);
        output.ShouldContain("ErrorRate=100%");
        output.ShouldContain("rule errors (ErrorRate > 10% for 5m): BREACHED now (it fires once this holds for 5m)");
        output.ShouldContain("rule slow");
        output.ShouldContain("inconclusive: no baseline to compare with");
        Directory.Exists(Path.Combine(_dir.FullName, "data")).ShouldBeFalse(); // no journal written
        File.Exists(Path.Combine(_dir.FullName, "rolled-back")).ShouldBeFalse();
    }

    [Fact]
    public async Task HealthyService_EveryRuleClearOrInconclusive_Exits0()
    {
        await using var peer = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));

        var (exit, output) = await RunAsync(Config(peer.Url("health")));

        exit.ShouldBe(0, output);
        output.ShouldContain("rule errors (ErrorRate > 10% for 5m): clear");
    }
}
