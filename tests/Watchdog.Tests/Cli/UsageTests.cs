using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Cli;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Cli;

/// <summary>A typo never starts the watchdog: unknown verbs and options exit 2 with a suggestion and do nothing.</summary>
public sealed class UsageTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("watchdog-usage-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Commands.Parse(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// A valid configuration in Auto mode whose journal would land in <c>data/</c> of the directory, as
    /// <c>appsettings.json</c> there: anything that starts the host leaves that directory behind.
    /// </summary>
    private string WriteAutoConfig(string name = "appsettings.json", string? token = null)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Watchdog = new
            {
                Mode = "Auto",
                DataDirectory = "data",
                Api = token is null ? null : new { Token = token },
                Services = new[] { new { Name = "api", Health = new { Url = "http://127.0.0.1:9/health" }, Provider = new { List = "echo v1", Current = "echo v1", Rollback = "true" } } },
            },
        }));
        return path;
    }

    /// <summary>A peer that answers every request and counts them: a refused command line must reach it zero times.</summary>
    private static async Task<(TestPeer Peer, Func<int> Calls)> CountingPeerAsync()
    {
        var calls = 0;
        var peer = await TestPeer.StartAsync(app => app.Map("/{**path}", () =>
        {
            Interlocked.Increment(ref calls);
            return Results.Json(Array.Empty<object>());
        }));
        return (peer, () => Volatile.Read(ref calls));
    }

    private bool HostStarted => Directory.Exists(Path.Combine(_dir.FullName, "data"));

    [Fact]
    public async Task MistypedVerb_Exits2SuggestingTheVerb_AndStartsNoHost()
    {
        var config = WriteAutoConfig("f.json");

        var (exit, output) = await WatchdogProcess.RunToExitAsync(_dir.FullName, "chek-config", "--config", config);

        exit.ShouldBe(2, output);
        output.ShouldContain("'chek-config' is not a verb; did you mean 'check-config'?");
        output.ShouldNotContain("listening");
        HostStarted.ShouldBeFalse();
    }

    [Fact]
    public async Task UnknownVerb_Exits2ListingTheVerbs_AndStartsNoHost()
    {
        WriteAutoConfig();

        var (exit, output) = await WatchdogProcess.RunToExitAsync(_dir.FullName, "inspect");

        exit.ShouldBe(2, output);
        output.ShouldContain("'inspect' is not a verb (verbs: run, check-config, demo, trigger");
        HostStarted.ShouldBeFalse();
    }

    [Fact]
    public async Task Evaluate_WithoutOnce_Exits2AndStartsNoHost()
    {
        // `evaluate` once fell through to `run` and watched in Auto mode; now it is a verb that only reads, and says how.
        WriteAutoConfig();

        var (exit, output) = await WatchdogProcess.RunToExitAsync(_dir.FullName, "evaluate");

        exit.ShouldBe(2, output);
        output.ShouldContain("--once");
        HostStarted.ShouldBeFalse();
    }

    [Fact]
    public async Task UnknownOption_Exits2NamingIt_AndCallsNothing()
    {
        var (peer, calls) = await CountingPeerAsync();
        await using var _ = peer;

        var (exit, output, error) = await RunAsync("incidents", "--bogus", "--url", peer.BaseAddress.ToString());
        var (typo, _, typoError) = await RunAsync("incidents", "--jsno", "--url", peer.BaseAddress.ToString());

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("'--bogus' is not an option of 'incidents' (options: --limit, --json, --url, --help)");
        typo.ShouldBe(2);
        typoError.ShouldContain("'--jsno' is not an option of 'incidents'; did you mean '--json'?");
        calls().ShouldBe(0);
    }

    [Theory]
    [InlineData("--Wathcdog:Mode", "'--Wathcdog:Mode': 'Wathcdog' is not a configuration section (overrides name one of Watchdog, Serilog, Logging, Kestrel); did you mean '--Watchdog:Mode'?")]
    [InlineData("--urlz", "'--urlz' is not an option of 'check-config'; did you mean '--urls'?")]
    [InlineData("-Watchdog:Mode", "'-Watchdog:Mode' is not an option of 'check-config'")]
    public async Task CheckConfig_MistypedOverride_Exits2InsteadOfBeingIgnored(string key, string problem)
    {
        var config = WriteAutoConfig();

        var (exit, output, error) = await RunAsync("check-config", "--config", config, key, "DryRun");

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Split('\n')[0].ShouldStartWith(problem);
    }

    [Fact]
    public async Task CheckConfig_WellFormedOverrides_AreTheHosts()
    {
        var config = WriteAutoConfig();

        var (exit, output, error) = await RunAsync("check-config", "--config", config, "--Watchdog:Mode", "DryRun", "--urls=http://127.0.0.1:0");

        exit.ShouldBe(0, error);
        output.ShouldContain("mode DryRun");
    }

    [Fact]
    public async Task CheckConfig_AutoModeWithNoChannel_IsValidAndPrintsTheWarningNamingTheKey()
    {
        var config = WriteAutoConfig();

        var (exit, output, error) = await RunAsync("check-config", "--config", config);

        exit.ShouldBe(0, error);
        output.ShouldContain("  warning: Watchdog:Mode: Auto rolls back without asking, and no notification channel is configured");
    }

    [Theory]
    [InlineData(new[] { "incidents", "--limit", "x" }, "Cannot parse argument 'x' for option '--limit'")]
    [InlineData(new[] { "approve", "--url", "http://127.0.0.1:1" }, "Required argument missing for command: 'approve'")]
    [InlineData(new[] { "incident" }, "'incident' needs a verb: show")]
    [InlineData(new[] { "incident", "shwo", "x" }, "'shwo' is not a verb of 'incident'; did you mean 'show'?")]
    [InlineData(new[] { "check-config", "extra" }, "'extra': unexpected argument to 'check-config'")]
    [InlineData(new[] { "check-config", "--Watchdog:Mode" }, "'--Watchdog:Mode' needs a value")]
    public async Task MalformedCommandLine_Exits2WithOneLineNamingTheProblem(string[] args, string problem)
    {
        var (exit, output, error) = await RunAsync(args);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2, error); // the problem, and where help is
        lines[0].ShouldStartWith(problem);
    }

    [Fact]
    public async Task Help_ListsEveryVerb()
    {
        var (exit, output, _) = await RunAsync("--help");

        exit.ShouldBe(0);
        foreach (var verb in (string[])["run", "check-config", "demo", "trigger", "backtest", "incidents", "incident", "postmortem", "approve", "veto"])
            output.ShouldMatch($@"\n  {verb}\b");
        output.ShouldContain("--contentRoot");
        output.ShouldContain("replaces appsettings.json (not merged with it)");
    }

    [Fact]
    public async Task TriggerResolve_NeedsNoSummary_AndIsTakenByTheRunningWatchdog()
    {
        const string token = "usage-test-token-0123456789";
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Mode"] = "DryRun";
        settings["Watchdog:Api:Token"] = token;
        await using var host = await InProcessHost.StartAsync(settings);
        var config = WriteAutoConfig("cli.json", token);
        string[] common = ["--service", "api", "--meaning", "Security", "--key", "breach", "--url", host.App.Urls.First(), "--config", config];

        var (raised, _, raiseError) = await RunAsync(["trigger", .. common, "--summary", "leaked key"]);
        var (resolved, output, error) = await RunAsync(["trigger", .. common, "--resolve"]);

        raised.ShouldBe(0, raiseError);
        resolved.ShouldBe(0, error);
        output.ShouldStartWith("202");
        output.ShouldContain("\"status\":\"Resolved\"");
    }

    [Fact]
    public async Task Trigger_RaisedWithoutSummary_Exits2AndSendsNothing()
    {
        var (peer, calls) = await CountingPeerAsync();
        await using var _ = peer;

        var (exit, _, error) = await RunAsync("trigger", "--service", "api", "--meaning", "Security", "--url", peer.BaseAddress.ToString(), "--config", WriteAutoConfig(token: "usage-test-token-0123456789"));

        exit.ShouldBe(2);
        error.ShouldContain("'--summary' is required to raise a trigger");
        calls().ShouldBe(0);
    }

    [Theory]
    [InlineData("chek-config", "check-config")]
    [InlineData("--jsno", "--json")]
    [InlineData("shwo", "show")]
    [InlineData("evaluate", null)]
    [InlineData("--bogus", null)]
    public void Nearest_SuggestsOnlyWhatIsClose(string typed, string? expected) =>
        Usage.Nearest(typed, ["run", "check-config", "show", "--json", "--limit", "--url"]).ShouldBe(expected);
}
