using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Watchdog.Demo;
using Watchdog.Hosting;

namespace Watchdog.Cli;

/// <summary>
/// The verbs of the one binary: <c>run</c> (the default), <c>demo</c>, <c>check-config</c>, <c>backtest</c>,
/// and those that talk to a running Watchdog: <c>trigger</c>, <c>incidents</c>, <c>incident show</c>,
/// <c>postmortem</c>, <c>approve</c>, <c>veto</c>.
/// </summary>
public static class Commands
{
    /// <summary>Exit code for invalid configuration.</summary>
    public const int ConfigInvalid = 2;

    /// <param name="output">Where verbs print (Console.Out unless a test captures it); <paramref name="error"/> likewise.</param>
    public static Task<int> Parse(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new Option<FileInfo?>("--config") { Description = "An extra JSON configuration file, read after appsettings.json and before environment variables." };

        var run = new Command("run", "Watch the configured services and act on trips (the default).") { TreatUnmatchedTokensAsErrors = false };
        run.Options.Add(config);
        run.SetAction((result, ct) => RunAsync(result.UnmatchedTokens.ToArray(), result.GetValue(config), ct));

        var check = new Command("check-config", "Validate the configuration, print every problem, and exit (0 valid, 2 invalid).") { TreatUnmatchedTokensAsErrors = false };
        check.Options.Add(config);
        check.SetAction(result => CheckConfig(result.UnmatchedTokens.ToArray(), result.GetValue(config)));

        var demo = new Command("demo", "Run the whole loop against a faulty deployment on loopback: detect, roll back, verify, notify.");
        demo.SetAction((_, ct) => DemoRunner.RunAsync(Console.Out, ct));

        var root = new RootCommand("Watchdog: automated emergency rollbacks for production services.") { TreatUnmatchedTokensAsErrors = false };
        root.Options.Add(config);
        root.Subcommands.Add(run);
        root.Subcommands.Add(check);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(TriggerCommand.Create(config));
        root.Subcommands.Add(BacktestCommand.Create(config));
        foreach (var verb in IncidentCommands.Create()) root.Subcommands.Add(verb);
        foreach (var verb in DecisionCommands.Create(config)) root.Subcommands.Add(verb);
        root.SetAction((result, ct) => RunAsync(result.UnmatchedTokens.ToArray(), result.GetValue(config), ct));

        // The host handles SIGINT/SIGTERM itself and stops gracefully; the parser must not race it.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (output is not null) invocation.Output = output;
        if (error is not null) invocation.Error = error;
        return root.Parse(args).InvokeAsync(invocation);
    }

    private static async Task<int> RunAsync(string[] hostArgs, FileInfo? config, CancellationToken ct)
    {
        WebApplication? app;
        IReadOnlyList<string> errors;
        try
        {
            app = WatchdogApp.Build(hostArgs, config?.FullName, out errors);
        }
        catch (InvalidDataException e)
        {
            return Invalid([Unparsable(e)]);
        }

        if (app is null) return Invalid(errors);
        await app.RunAsync();
        return 0;
    }

    private static int CheckConfig(string[] hostArgs, FileInfo? config)
    {
        Configuration.WatchdogSettings? settings;
        IReadOnlyList<string> errors;
        try
        {
            settings = WatchdogApp.LoadSettings(hostArgs, config?.FullName, out errors);
        }
        catch (InvalidDataException e)
        {
            return Invalid([Unparsable(e)]);
        }

        if (settings is null) return Invalid(errors);
        Console.Out.WriteLine($"Configuration is valid: {settings.Services.Count} service(s), mode {settings.Mode}.");
        foreach (var w in settings.Warnings) Console.Out.WriteLine("  warning: " + w);
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
