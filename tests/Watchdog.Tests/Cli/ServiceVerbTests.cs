using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Cli;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Cli;

/// <summary><c>rollback --service</c> through the real host's API: journaled as a person's incident, the command run once.</summary>
public sealed class ServiceVerbTests : IAsyncLifetime
{
    private const string Token = "api-token-for-the-cli-0123456789";
    private readonly string _dir = Directory.CreateTempSubdirectory("watchdog-service-verbs-").FullName;
    private TestPeer _target = null!;
    private InProcessHost _host = null!;

    public async Task InitializeAsync()
    {
        _target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(_target.Url("health"));
        settings["Watchdog:Api:Token"] = Token;
        settings["Watchdog:Services:0:Provider:WorkingDirectory"] = _dir;
        settings["Watchdog:Services:0:Provider:List"] = "printf 'v3\\nv2\\nv1\\n'";
        settings["Watchdog:Services:0:Provider:Current"] = "cat live 2>/dev/null || echo v3";
        settings["Watchdog:Services:0:Provider:Rollback"] = "echo {target} >> rollbacks && echo {target} > live";
        _host = await InProcessHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string CliConfig()
    {
        var path = Path.Combine(_dir, "cli.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                Api = new { Token },
                Services = new[] { new { Name = "api", Health = new { Url = "http://127.0.0.1:9/health" }, Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" } } },
            },
        }));
        return path;
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Commands.Parse(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Rollback_ToANamedRelease_RunsTheCommandOnceAndTheIncidentSaysWhoAsked()
    {
        var (exit, output, error) = await RunAsync("rollback", "--service", "api", "--to", "v1", "--by", "erin", "--url", _host.App.Urls.First(), "--config", CliConfig());

        exit.ShouldBe(0, error);
        output.ShouldContain("rollback requested by erin to v1");
        JsonElement[]? incidents = null;
        for (var i = 0; i < 100 && (incidents is not { Length: > 0 } || incidents[0].GetProperty("state").GetString() is "Decided" or "RollingBack" or "Stabilizing" or "Verifying"); i++)
        {
            await Task.Delay(100);
            incidents = await _host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents");
        }

        incidents.ShouldNotBeNull().ShouldHaveSingleItem().GetProperty("rule").GetString().ShouldBe("manual:rollback");
        (await File.ReadAllLinesAsync(Path.Combine(_dir, "rollbacks"))).ShouldBe(["v1"]);
    }

    [Fact]
    public async Task Rollback_WithoutTheToken_IsRefusedAndNothingRuns()
    {
        using var response = await _host.Http.PostAsJsonAsync("api/services/api/rollback", new { by = "mallory" });

        ((int)response.StatusCode).ShouldBe(401);
        File.Exists(Path.Combine(_dir, "rollbacks")).ShouldBeFalse();
    }

    [Fact]
    public async Task Rollback_WithoutAService_Exits2AndCallsNothing()
    {
        var (exit, _, error) = await RunAsync("rollback", "--url", _host.App.Urls.First(), "--config", CliConfig());

        exit.ShouldBe(2, error);
        error.ShouldContain("--service");
    }
}
