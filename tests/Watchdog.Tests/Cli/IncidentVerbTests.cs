using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Watchdog.Cli;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Cli;

/// <summary>The incident verbs run in this process against the real host, their output captured.</summary>
public class IncidentVerbTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Commands.Parse(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Url(AwaitingApproval s) => s.Host.App.Urls.First();

    /// <summary>A configuration file for the verbs that need the token: theirs is the host's <c>Api:Token</c>.</summary>
    private static string ConfigWithToken(AwaitingApproval s, string? token = AwaitingApproval.Token)
    {
        var path = Path.Combine(s.Dir, "cli.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                Api = token is null ? null : new { Token = token },
                Services = new[] { new { Name = "api", Health = new { Url = "http://127.0.0.1:9/health" }, Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" } } },
            },
        }));
        return path;
    }

    [Fact]
    public async Task Incidents_ListsTheOpenIncidentAsATable()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, error) = await RunAsync("incidents", "--url", Url(s));

        exit.ShouldBe(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("ID");
        lines[0].ShouldContain("OPENED (UTC)");
        lines[1].ShouldStartWith(s.Incident);
        lines[1].ShouldContain("api");
        lines[1].ShouldContain("AwaitingApproval (open)");
        lines[1].ShouldContain("so far");
        lines[1].TrimEnd().ShouldEndWith("manual:DataAtRisk");
    }

    [Fact]
    public async Task Incidents_Json_PrintsTheApisJsonAsItCame()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, _) = await RunAsync("incidents", "--json", "--limit", "5", "--url", Url(s));

        exit.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(s.Incident);
    }

    [Fact]
    public async Task IncidentShow_PrintsTheFactsAndEveryTimelineEntry()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, error) = await RunAsync("incident", "show", s.Incident, "--url", Url(s));

        exit.ShouldBe(0, error);
        output.ShouldStartWith($"Incident {s.Incident}");
        output.ShouldContain("manual:DataAtRisk (DataAtRisk): manual: migration 42 corrupted orders");
        output.ShouldContain("AwaitingApproval (open), mode Approve");
        output.ShouldContain("\nTimeline (UTC)\n");
        var timeline = (await s.IncidentAsync()).GetProperty("timeline").EnumerateArray().ToList();
        timeline.Count.ShouldBeGreaterThan(1);
        foreach (var e in timeline)
        {
            var at = e.GetProperty("at").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var message = e.GetProperty("message").GetString()!;
            output.ShouldMatch($@"\n  {Regex.Escape(at)}\s+{Regex.Escape(e.GetProperty("kind").GetString()!)}\s+{Regex.Escape(message.Split('\n')[0])}\n");
        }
    }

    [Fact]
    public async Task IncidentShow_UnknownId_Exits1WithTheServersError()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, error) = await RunAsync("incident", "show", "nope", "--url", Url(s));

        exit.ShouldBe(1);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe("404: no incident nope");
    }

    [Fact]
    public async Task PostMortem_PrintsTheMarkdownAsIs()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, error) = await RunAsync("postmortem", s.Incident, "--url", Url(s));

        exit.ShouldBe(0, error);
        output.ShouldStartWith($"# Post-Mortem: api — manual:DataAtRisk ({s.Incident})");
        output.ShouldContain("\n## Timeline\n");
        output.ShouldContain("\n## Rollback Metrics\n");
        output.ShouldBe(await s.Host.Http.GetStringAsync($"api/incidents/{s.Incident}/postmortem"));
    }

    [Fact]
    public async Task Approve_MovesTheIncidentOnAndTheTimelineSaysWho()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, error) = await RunAsync("approve", s.Incident, "--by", "carol", "--url", Url(s), "--config", ConfigWithToken(s));

        exit.ShouldBe(0, error);
        output.Trim().ShouldBe("approved by carol: Rollback under way");
        (await s.TimelineAsync()).ShouldContain("approved by carol");

        var (again, _, againError) = await RunAsync("approve", s.Incident, "--by", "carol", "--url", Url(s), "--config", ConfigWithToken(s));
        again.ShouldBe(1);
        againError.ShouldMatch("^409: (incident is .*, not awaiting approval|the runbook is under way.*)");
    }

    [Fact]
    public async Task Veto_LeavesTheServiceAloneAndTheTimelineSaysWho()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, output, error) = await RunAsync("veto", s.Incident, "--by", "dave", "--url", Url(s), "--config", ConfigWithToken(s));

        exit.ShouldBe(0, error);
        output.Trim().ShouldBe("vetoed by dave");
        (await s.IncidentAsync()).GetProperty("state").GetString().ShouldBe("Monitoring");
        (await s.TimelineAsync()).ShouldContain("Monitoring: vetoed by dave: no action; watching");
        (await s.IncidentAsync()).GetProperty("steps").EnumerateArray().ShouldNotContain(x => x.GetProperty("key").GetString() == "rollback");
    }

    [Fact]
    public async Task Approve_UnknownId_Exits1WithTheServersError()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (exit, _, error) = await RunAsync("approve", "nope", "--by", "carol", "--url", Url(s), "--config", ConfigWithToken(s));

        exit.ShouldBe(1);
        error.Trim().ShouldBe("404: no open incident nope");
        (await s.IncidentAsync()).GetProperty("state").GetString().ShouldBe("AwaitingApproval");
    }

    [Fact]
    public async Task Approve_WithoutATokenOrWithTheWrongOne_IsRefusedAndNothingHappens()
    {
        await using var s = await AwaitingApproval.StartAsync();

        var (none, _, noneError) = await RunAsync("approve", s.Incident, "--url", Url(s), "--config", ConfigWithToken(s, token: null));
        var (wrong, _, wrongError) = await RunAsync("approve", s.Incident, "--url", Url(s), "--config", ConfigWithToken(s, token: "not-the-token-0123456789"));

        none.ShouldBe(1);
        noneError.Trim().ShouldBe("Watchdog:Api:Token is not set: approvals and vetoes are off.");
        wrong.ShouldBe(1);
        wrongError.Trim().ShouldBe("401: missing or wrong bearer token");
        (await s.IncidentAsync()).GetProperty("state").GetString().ShouldBe("AwaitingApproval");
    }

    [Fact]
    public async Task Verbs_WatchdogNotRunning_SayWhereTheyLookedAndExit1()
    {
        var (exit, _, error) = await RunAsync("incidents", "--url", "http://127.0.0.1:1");

        exit.ShouldBe(1);
        error.ShouldStartWith("cannot reach Watchdog at http://127.0.0.1:1: ");
    }
}
