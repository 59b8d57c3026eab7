using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Json;

namespace Watchdog.Hosting;

/// <summary>
/// Reads the <c>Serilog</c> section's documented keys into a logger, by hand: Serilog.Settings.Configuration finds sinks
/// by scanning assemblies, which the native build cannot do. <c>MinimumLevel</c> (a level, or <c>Default</c> and
/// <c>Override:PREFIX</c>), <c>WriteTo</c> (Console, File, Async around others), <c>Enrich: [FromLogContext]</c>,
/// <c>Properties</c>; <c>Using</c> is accepted and ignored (the sinks are built in). Anything else is a problem naming its key.
/// </summary>
public static class LogSettings
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    // Serilog.Sinks.File's own defaults, kept when the keys are absent.
    private const long DefaultFileSizeLimitBytes = 1L * 1024 * 1024 * 1024;
    private const int DefaultRetainedFileCountLimit = 31;

    private static readonly string[] Sinks = ["Console", "File", "Async"];
    private static readonly string[] ConsoleArgs = ["outputTemplate", "formatter", "restrictedToMinimumLevel"];
    private static readonly string[] FileArgs =
        ["path", "outputTemplate", "formatter", "restrictedToMinimumLevel", "rollingInterval", "retainedFileCountLimit", "fileSizeLimitBytes", "rollOnFileSizeLimit", "shared", "buffered"];
    private static readonly string[] AsyncArgs = ["configure", "bufferSize", "blockWhenFull"];

    /// <summary>Applies <paramref name="serilog"/> (the <c>Serilog</c> section) to <paramref name="config"/>.</summary>
    /// <returns>One message per problem, each naming its key; empty when the section is sound.</returns>
    public static IReadOnlyList<string> Apply(IConfigurationSection serilog, LoggerConfiguration config)
    {
        var problems = new List<string>();
        foreach (var child in serilog.GetChildren())
        {
            switch (child.Key.ToLowerInvariant())
            {
                case "minimumlevel": MinimumLevel(child, config, problems); break;
                case "writeto": WriteTo(child, config.WriteTo, problems); break;
                case "enrich": Enrich(child, config, problems); break;
                case "properties":
                    foreach (var p in child.GetChildren()) config.Enrich.WithProperty(p.Key, p.Value ?? "");
                    break;
                case "using": break;
                default: problems.Add($"{child.Path}: not a Serilog key Watchdog reads (it reads MinimumLevel, WriteTo, Enrich, Properties)"); break;
            }
        }

        return problems;
    }

    /// <summary>The section's problems alone, for <c>check-config</c>.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration) =>
        configuration.GetSection("Serilog") is { } s && s.Exists() ? Apply(s, new LoggerConfiguration()) : [];

    private static void MinimumLevel(IConfigurationSection section, LoggerConfiguration config, List<string> problems)
    {
        if (section.Value is not null)
        {
            if (Level(section, problems) is { } level) config.MinimumLevel.Is(level);
            return;
        }

        foreach (var child in section.GetChildren())
        {
            if (child.Key.Equals("Default", StringComparison.OrdinalIgnoreCase))
            {
                if (Level(child, problems) is { } level) config.MinimumLevel.Is(level);
            }
            else if (child.Key.Equals("Override", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var source in child.GetChildren())
                    if (Level(source, problems) is { } level) config.MinimumLevel.Override(source.Key, level);
            }
            else
            {
                problems.Add($"{child.Path}: not read (MinimumLevel takes Default and Override)");
            }
        }
    }

    private static void WriteTo(IConfigurationSection section, LoggerSinkConfiguration to, List<string> problems)
    {
        foreach (var sink in section.GetChildren())
        {
            // An entry is {"Name": ..., "Args": {...}} or just the sink's name.
            var nameKey = sink.Value is null ? sink.GetSection("Name") : sink;
            var args = sink.GetSection("Args");
            foreach (var other in sink.GetChildren().Where(c => c.Key is not ("Name" or "Args")))
                problems.Add($"{other.Path}: not read (a sink takes Name and Args)");
            switch (nameKey.Value)
            {
                case { } n when n.Equals("Console", StringComparison.OrdinalIgnoreCase):
                    if (!Known(args, ConsoleArgs, "Console", problems)) break;
                    var consoleLevel = Level(args.GetSection("restrictedToMinimumLevel"), problems) ?? LogEventLevel.Verbose;
                    if (Formatter(args, problems) is { } consoleFormat)
                        to.Console(consoleFormat, consoleLevel);
                    else
                        to.Console(consoleLevel, args["outputTemplate"] ?? ConsoleTemplate, CultureInfo.InvariantCulture);
                    break;
                case { } n when n.Equals("File", StringComparison.OrdinalIgnoreCase):
                    if (!Known(args, FileArgs, "File", problems)) break;
                    File(args, to, problems);
                    break;
                case { } n when n.Equals("Async", StringComparison.OrdinalIgnoreCase):
                    if (!Known(args, AsyncArgs, "Async", problems)) break;
                    var inner = new List<string>();
                    var bufferSize = Number(args.GetSection("bufferSize"), problems) ?? 10_000;
                    var blockWhenFull = Flag(args.GetSection("blockWhenFull"), problems) ?? false;
                    to.Async(a => WriteTo(args.GetSection("configure"), a, inner), (int)bufferSize, blockWhenFull);
                    // The configure action runs inside Async, at once; what it found is reported with the rest.
                    problems.AddRange(inner);
                    break;
                case null:
                    problems.Add($"{nameKey.Path}: required (the sink: {string.Join(", ", Sinks)})");
                    break;
                case var unknown:
                    problems.Add($"{nameKey.Path}: '{unknown}' is not a sink Watchdog has (it has {string.Join(", ", Sinks)})");
                    break;
            }
        }
    }

    private static void File(IConfigurationSection args, LoggerSinkConfiguration to, List<string> problems)
    {
        if (args["path"] is not { Length: > 0 } path)
        {
            problems.Add($"{args.Path}:path: required for the File sink");
            return;
        }

        var level = Level(args.GetSection("restrictedToMinimumLevel"), problems) ?? LogEventLevel.Verbose;
        var rolling = RollingInterval.Infinite;
        if (args.GetSection("rollingInterval") is { Value: { } r } rollingKey && (!Enum.TryParse(r, ignoreCase: true, out rolling) || int.TryParse(r, out _)))
            problems.Add($"{rollingKey.Path}: '{r}' is not one of {string.Join(", ", Enum.GetNames<RollingInterval>())}");
        var sizeLimit = Number(args.GetSection("fileSizeLimitBytes"), problems) ?? DefaultFileSizeLimitBytes;
        var retained = (int?)Number(args.GetSection("retainedFileCountLimit"), problems) ?? DefaultRetainedFileCountLimit;
        var rollOnSize = Flag(args.GetSection("rollOnFileSizeLimit"), problems) ?? false;
        var shared = Flag(args.GetSection("shared"), problems) ?? false;
        var buffered = Flag(args.GetSection("buffered"), problems) ?? false;
        if (Formatter(args, problems) is { } formatter)
            to.File(formatter, path, level, sizeLimit, buffered: buffered, shared: shared, rollingInterval: rolling,
                rollOnFileSizeLimit: rollOnSize, retainedFileCountLimit: retained);
        else
            to.File(path, level, args["outputTemplate"] ?? FileTemplate, CultureInfo.InvariantCulture, sizeLimit, buffered: buffered, shared: shared,
                rollingInterval: rolling, rollOnFileSizeLimit: rollOnSize, retainedFileCountLimit: retained);
    }

    private static void Enrich(IConfigurationSection section, LoggerConfiguration config, List<string> problems)
    {
        foreach (var e in section.GetChildren())
        {
            if (e.Value is { } v && v.Equals("FromLogContext", StringComparison.OrdinalIgnoreCase))
                config.Enrich.FromLogContext();
            else
                problems.Add($"{e.Path}: '{e.Value}' is not an enricher Watchdog has (it has FromLogContext)");
        }
    }

    /// <summary>The formatters the README names, by their Serilog type names (<c>"Type, Assembly"</c> or <c>{"type": ...}</c>).</summary>
    private static ITextFormatter? Formatter(IConfigurationSection args, List<string> problems)
    {
        var key = args.GetSection("formatter");
        if (!key.Exists()) return null;
        var name = (key.Value ?? key["type"])?.Split(',')[0].Trim();
        switch (name)
        {
            case "Serilog.Formatting.Compact.CompactJsonFormatter": return new CompactJsonFormatter();
            case "Serilog.Formatting.Compact.RenderedCompactJsonFormatter": return new RenderedCompactJsonFormatter();
            case "Serilog.Formatting.Json.JsonFormatter": return new JsonFormatter();
            default:
                problems.Add($"{key.Path}: '{key.Value ?? key["type"]}' is not a formatter Watchdog has (Serilog.Formatting.Compact.CompactJsonFormatter, "
                    + "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Json.JsonFormatter)");
                return null;
        }
    }

    private static bool Known(IConfigurationSection args, string[] known, string sink, List<string> problems)
    {
        var unknown = args.GetChildren().Where(a => !known.Contains(a.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var a in unknown) problems.Add($"{a.Path}: not read by the {sink} sink (it reads {string.Join(", ", known)})");
        return unknown.Count == 0;
    }

    private static LogEventLevel? Level(IConfigurationSection key, List<string> problems)
    {
        if (key.Value is not { } v) return null;
        if (Enum.TryParse<LogEventLevel>(v, ignoreCase: true, out var level) && !int.TryParse(v, out _)) return level;
        problems.Add($"{key.Path}: '{v}' is not one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}");
        return null;
    }

    private static long? Number(IConfigurationSection key, List<string> problems)
    {
        if (key.Value is not { } v) return null;
        if (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        problems.Add($"{key.Path}: '{v}' is not a positive whole number");
        return null;
    }

    private static bool? Flag(IConfigurationSection key, List<string> problems)
    {
        if (key.Value is not { } v) return null;
        if (bool.TryParse(v, out var b)) return b;
        problems.Add($"{key.Path}: '{v}' is not true or false");
        return null;
    }
}
