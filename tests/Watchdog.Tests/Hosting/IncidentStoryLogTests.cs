using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Hosting;
using Watchdog.Integrations.Storage;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>`kubectl logs` tells what happened to an incident, in text and in JSON.</summary>
public sealed class IncidentStoryLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("watchdog-story-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private const string Token = "test-api-token-0123456789";

    private static async Task<string[]> RunIncidentAsync(string data, string logFile, string? formatter)
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "DryRun";
        settings["Watchdog:Api:Token"] = Token;
        settings["Watchdog:DataDirectory"] = data;
        settings["Serilog:MinimumLevel:Default"] = "Information";
        settings["Serilog:WriteTo:0:Name"] = "File";
        settings["Serilog:WriteTo:0:Args:path"] = logFile;
        if (formatter is not null) settings["Serilog:WriteTo:0:Args:formatter"] = formatter;

        await using (var host = await InProcessHost.StartAsync(settings))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/triggers")
            {
                Content = new StringContent("""{"service":"api","meaning":"Security","summary":"API keys leaked in logs","by":"alice"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var response = await host.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            (await host.Http.GetFromJsonAsync<JsonElement[]>("api/incidents"))!.ShouldHaveSingleItem();
        }

        return await File.ReadAllLinesAsync(logFile);
    }

    [Fact]
    public async Task Json_EachStateChangeAndStepIsOneEventWithTheIncidentsFactsAsProperties()
    {
        var dir = _dir;
        var lines = await RunIncidentAsync(Path.Combine(dir, "data"), Path.Combine(dir, "log.json"), "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact");

        // Compact events carry their properties at the top level, beside @t and @mt.
        var story = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("IncidentId", out _)).ToList();
        story.Select(p => p.GetProperty("Kind").GetString()).ShouldBe(["detected", "evidence", "state", "suspects", "step", "state", "step"]);
        story.ShouldAllBe(p => p.GetProperty("Service").GetString() == "api" && p.GetProperty("Rule").GetString() == "manual:Security");
        story[2].GetProperty("Line").GetString()!.ShouldStartWith("Decided: Rollback: security breach");
        story[3].GetProperty("Line").GetString()!.ShouldStartWith("no deploy or flag change seen");
        story[5].GetProperty("Line").GetString()!.ShouldStartWith("Monitoring: DRY RUN: would roll back from v1");
        story[5].GetProperty("FromVersion").GetString().ShouldBe("v1");
    }

    [Fact]
    public async Task Text_TellsTheStoryInOrder_AndARestartDoesNotTellItAgain()
    {
        var dir = _dir;
        var data = Path.Combine(dir, "data");
        var first = await RunIncidentAsync(data, Path.Combine(dir, "first.log"), null);

        var told = first.Where(l => l.Contains("Incident ", StringComparison.Ordinal) && l.Contains(" of api (manual:Security", StringComparison.Ordinal)).ToList();
        told.Count.ShouldBe(7);
        told[0].ShouldContain("[detected] manual: API keys leaked in logs (raised by alice)");
        told[2].ShouldContain("[state] Decided: Rollback");
        told[3].ShouldContain("[suspects] no deploy or flag change seen");

        // The same journal again: the open incident is taken back, and what it already said is not said twice.
        var id = System.Text.RegularExpressions.Regex.Match(told[0], @"Incident (\S+) of api").Groups[1].Value;
        var second = await RunIncidentAsync(data, Path.Combine(dir, "second.log"), null);
        second.ShouldNotContain(l => l.Contains($"Incident {id} of api", StringComparison.Ordinal) && l.Contains("[detected]", StringComparison.Ordinal));
        second.ShouldNotContain(l => l.Contains($"Incident {id} of api", StringComparison.Ordinal) && l.Contains("[state] Decided", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EndedIncidents_AreForgotten_SoTheCountsStayTheOpenOnes()
    {
        using var journal = new SqliteIncidentStore(Options.Create(new SqliteStoreOptions { DataDirectory = Path.Combine(_dir, "memo") }), TimeProvider.System, NullLogger<SqliteIncidentStore>.Instance);
        await journal.InitializeAsync(CancellationToken.None);
        var story = new IncidentStoryLog(journal, NullLogger<IncidentStoryLog>.Instance);
        var at = DateTimeOffset.UtcNow;
        var incident = new Incident("memo-1", "api", Mode.Auto, new Trigger("error-rate", Meaning.UsersAffected, "errors", at, at), at);
        incident.Decide(new Decision(RunbookAction.Rollback, "users affected", incident.Trigger), at);

        await story.SaveAsync(incident, CancellationToken.None);
        story.Remembered.ShouldBe(1);
        incident.MoveTo(IncidentState.Escalated, at, "the rollback did not help");
        await story.SaveAsync(incident, CancellationToken.None);
        await story.ListAsync(50, CancellationToken.None); // the status page reading history

        story.Remembered.ShouldBe(0);
    }
}
