using System.CommandLine;
using System.CommandLine.Parsing;

namespace Watchdog.Cli;

/// <summary>
/// Refuses what the parser let through before any verb acts: an unknown verb never falls through to <c>run</c>,
/// an unknown option is never ignored. Each problem is one line naming the token, with the nearest known name
/// ("did you mean …?"); the exit code is 2.
/// </summary>
/// <remarks>
/// The root keeps unmatched tokens for the host, and with it lenient the parser reports none anywhere, so this one
/// place words every unknown token. The verbs that start or configure the host (<c>run</c>, <c>check-config</c>, and the root, which is <c>run</c>)
/// also take configuration overrides as .NET's command-line provider reads them: <c>--Section:Key value</c> or
/// <c>--Section:Key=value</c> under a known section, and the host's own <c>--urls</c>, <c>--environment</c>, ….
/// </remarks>
internal static class Usage
{
    public const int Invalid = 2;

    /// <summary>The top-level sections an override may name; a typo in one (<c>--Wathcdog:Mode</c>) would otherwise be ignored.</summary>
    private static readonly string[] Sections = ["Watchdog", "Serilog", "Logging", "Kestrel"];

    /// <summary>Host settings without a section.</summary>
    private static readonly string[] HostKeys = ["urls", "http_ports", "https_ports", "environment"];

    /// <summary>Every problem with the command line, one line each; empty when it may run.</summary>
    /// <param name="takesOverrides">Whether a command passes configuration overrides on to the host.</param>
    public static IReadOnlyList<string> Problems(ParseResult result, Func<Command, bool> takesOverrides)
    {
        var command = result.CommandResult.Command;
        var problems = new List<string>();
        var tokens = result.UnmatchedTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith('-'))
            {
                if (command.Subcommands.Count == 0)
                {
                    problems.Add($"'{token}': unexpected argument to '{Name(command)}'");
                    continue;
                }

                // What follows an unknown verb is its arguments: they mean nothing without it.
                problems.Add(UnknownVerb(command, token));
                return problems;
            }

            // Only "--key": .NET's provider drops a single-dash key it has no mapping for, so "-urls" would vanish.
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..].Split('=', 2)[0] : "";
            var hasValue = token.Contains('=', StringComparison.Ordinal);
            if (takesOverrides(command) && IsOverride(key))
            {
                if (!hasValue && ++i >= tokens.Count) problems.Add($"'{token}' needs a value ({token} VALUE or {token}=VALUE)");
                continue;
            }

            problems.Add(takesOverrides(command) && key.Contains(':', StringComparison.Ordinal) ? UnknownSection(token, key) : UnknownOption(result, token, takesOverrides(command)));
            // What follows an unknown option is most likely its value: one problem, not two.
            if (!hasValue && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-')) i++;
        }

        problems.InsertRange(0, result.Errors.Select(e => e.SymbolResult is CommandResult { Command: { Action: null, Subcommands.Count: > 0 } group }
            ? $"'{Name(group)}' needs a verb: {string.Join(", ", group.Subcommands.Select(c => c.Name))}"
            : e.Message));
        return problems;
    }

    /// <summary>Prints the problems and says where help is; returns the exit code 2.</summary>
    public static int Report(IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var p in problems) error.WriteLine(p);
        error.WriteLine("Nothing was done. 'Watchdog --help' lists the verbs; 'Watchdog VERB --help' their options.");
        return Invalid;
    }

    private static bool IsOverride(string key) =>
        HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase)
        || (key.Split(':', 2) is [var section, { Length: > 0 }] && Sections.Contains(section, StringComparer.OrdinalIgnoreCase));

    private static string UnknownSection(string token, string key)
    {
        var (section, rest) = (key[..key.IndexOf(':', StringComparison.Ordinal)], key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        if (rest.Length == 0) return $"'{token.Split('=', 2)[0]}' names no key (--{section}:Key VALUE)";
        var near = Nearest(section, Sections);
        return $"'{token.Split('=', 2)[0]}': '{section}' is not a configuration section (overrides name one of {string.Join(", ", Sections)})"
            + (near is null ? "" : $"; did you mean '--{near}:{rest}'?");
    }

    private static string UnknownVerb(Command command, string token)
    {
        var verbs = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
        var where = command is RootCommand ? "" : $" of '{Name(command)}'";
        return Nearest(token, verbs) is { } near
            ? $"'{token}' is not a verb{where}; did you mean '{near}'?"
            : $"'{token}' is not a verb{where} (verbs: {string.Join(", ", verbs)})";
    }

    private static string UnknownOption(ParseResult result, string token, bool takesOverrides)
    {
        var command = result.CommandResult.Command;
        var options = Options(result.CommandResult).Concat(takesOverrides ? HostKeys.Select(k => "--" + k) : []).ToList();
        var name = token.Split('=', 2)[0];
        return Nearest(name, options) is { } near
            ? $"'{name}' is not an option of '{Name(command)}'; did you mean '{near}'?"
            : $"'{name}' is not an option of '{Name(command)}' (options: {string.Join(", ", options.Where(o => o.StartsWith("--", StringComparison.Ordinal)))})";
    }

    /// <summary>The command's own options and those its ancestors share with it (help).</summary>
    private static IEnumerable<string> Options(CommandResult at)
    {
        for (SymbolResult? r = at; r is CommandResult c; r = c.Parent)
        {
            foreach (var o in c.Command.Options.Where(o => !o.Hidden && (c == at || o.Recursive)))
                foreach (var name in o.Aliases.Prepend(o.Name)) yield return name;
        }
    }

    private static string Name(Command command) => command is RootCommand ? "Watchdog" : command.Name;

    /// <summary>The known name closest to <paramref name="typed"/>, if it is close enough to be what was meant.</summary>
    internal static string? Nearest(string typed, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: Distance(typed.ToLowerInvariant(), k.ToLowerInvariant()))).OrderBy(x => x.d).FirstOrDefault();
        // One edit in four characters, at least one and at most three: 'chek-config' is check-config, 'evaluate' is nothing.
        var allowed = Math.Clamp(typed.TrimStart('-').Length / 4, 1, 3);
        return best.k is not null && best.d <= allowed ? best.k : null;
    }

    /// <summary>
    /// Edit distance: the fewest insertions, deletions, substitutions and swaps of neighbours that turn one into the
    /// other. Swaps count once because they are the commonest typo ('--jsno').
    /// </summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j], d[i, j - 1]) + 1, d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
