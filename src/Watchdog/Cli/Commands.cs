using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Watchdog.Demo;
using Watchdog.Hosting;

namespace Watchdog.Cli;

/// <summary>
/// The verbs of the one binary: <c>run</c> (the default), <c>demo</c>, <c>check-config</c>, <c>backtest</c>, <c>evaluate</c>, <c>schema</c>,
/// and those that talk to a running Watchdog: <c>trigger</c>, <c>incidents</c>, <c>incident show</c>,
/// <c>postmortem</c>, <c>approve</c>, <c>veto</c>. A command line with an unknown verb or option is refused
/// with exit code 2 before anything runs (<see cref="Usage"/>).
/// </summary>
public static class Commands
{
    /// <summary>Exit code for invalid configuration and for an invalid command line.</summary>
    public const int ConfigInvalid = Usage.Invalid;

    /// <param name="output">Where verbs print (Console.Out unless a test captures it); <paramref name="error"/> likewise.</param>
    public static Task<int> Parse(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new ConfigOptions();

        var run = config.AddTo(new Command("run", "Watch the configured services and act on trips (the default). Takes overrides: --Watchdog:Mode DryRun, --urls URL."));
        run.SetAction((result, ct) => RunAsync(result.UnmatchedTokens.ToArray(), config.From(result), ct));

        var check = config.AddTo(new Command("check-config", "Validate the configuration, print every problem, and exit (0 valid, 2 invalid). Takes the same overrides as run."));
        check.SetAction(result => CheckConfig(result.UnmatchedTokens.ToArray(), config.From(result), result.InvocationConfiguration));

        var demo = new Command("demo", "Run the whole loop against a faulty deployment on loopback: detect, roll back, verify, notify.");
        demo.SetAction((result, ct) => DemoRunner.RunAsync(result.InvocationConfiguration.Output, ct));

        var root = config.AddTo(new RootCommand("Watchdog: automated emergency rollbacks for production services. Without a verb it runs (see run)."));
        root.Subcommands.Add(run);
        root.Subcommands.Add(check);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(TriggerCommand.Create(config));
        root.Subcommands.Add(BacktestCommand.Create(config));
        root.Subcommands.Add(EvaluateCommand.Create(config));
        root.Subcommands.Add(SchemaCommand.Create());
        foreach (var verb in IncidentCommands.Create()) root.Subcommands.Add(verb);
        foreach (var verb in DecisionCommands.Create(config)) root.Subcommands.Add(verb);
        foreach (var verb in DecisionCommands.ForServices(config)) root.Subcommands.Add(verb);
        root.SetAction((result, ct) => RunAsync(result.UnmatchedTokens.ToArray(), config.From(result), ct));
        // The host verbs keep their unmatched tokens for the host (configuration overrides); with the root lenient the
        // parser reports no unmatched token anywhere, so Usage judges them all, in its words, before anything runs.
        foreach (var host in (Command[])[root, run, check]) host.TreatUnmatchedTokensAsErrors = false;

        // The host handles SIGINT/SIGTERM itself and stops gracefully; the parser must not race it.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (output is not null) invocation.Output = output;
        if (error is not null) invocation.Error = error;

        var parsed = root.Parse(args);
        var problems = Usage.Problems(parsed, c => c == root || c == run || c == check);
        return problems.Count > 0 ? Task.FromResult(Usage.Report(problems, invocation.Error)) : parsed.InvokeAsync(invocation);
    }

    private static async Task<int> RunAsync(string[] hostArgs, ConfigLocation location, CancellationToken ct)
    {
        WebApplication? app;
        IReadOnlyList<string> errors;
        try
        {
            app = WatchdogApp.Build(hostArgs, location, out errors);
        }
        catch (InvalidDataException e)
        {
            return Invalid([Unparsable(e)]);
        }

        if (app is null) return Invalid(errors);
        await app.RunAsync();
        return 0;
    }

    private static int CheckConfig(string[] hostArgs, ConfigLocation location, InvocationConfiguration io)
    {
        Configuration.WatchdogSettings? settings;
        IReadOnlyList<string> errors;
        try
        {
            settings = WatchdogApp.LoadSettings(hostArgs, location, out errors);
        }
        catch (InvalidDataException e)
        {
            return Invalid([Unparsable(e)], io.Error);
        }

        if (settings is null) return Invalid(errors, io.Error);
        io.Output.WriteLine($"Configuration is valid: {settings.Services.Count} service(s), mode {settings.Mode}.");
        foreach (var w in settings.Warnings) io.Output.WriteLine("  warning: " + w);
        return 0;
    }

    internal static string Unparsable(InvalidDataException e) => e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;

    internal static int Invalid(IReadOnlyList<string> errors, TextWriter? to = null)
    {
        to ??= Console.Error;
        to.WriteLine($"Configuration is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}); nothing was started:");
        foreach (var e in errors) to.WriteLine("  " + e);
        return ConfigInvalid;
    }
}
