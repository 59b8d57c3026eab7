using System.Text;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// Command templates with placeholders: <c>{target}</c>, <c>{version}</c>, <c>{service}</c>, <c>{name}</c>,
/// <c>{value}</c>. Every substituted value is single-quoted for a POSIX shell, so a hostile deployment id
/// such as <c>v1; rm -rf /</c> or <c>$(reboot)</c> reaches the command as one inert argument.
/// </summary>
/// <remarks>
/// Placeholders must stand outside quotes: inside <c>'…'</c> the added quotes would close the user's,
/// and inside <c>"…"</c> a <c>$(…)</c> in the value would run. Such templates are refused. Braces that
/// are no known placeholder (awk's <c>'{print $1}'</c>, <c>${HOME}</c>, find's <c>{}</c>) are left alone.
/// </remarks>
public static class CommandTemplate
{
    public const string Target = "target";
    public const string Version = "version";
    public const string Service = "service";
    public const string Name = "name";
    public const string Value = "value";

    /// <summary>The migration a database command names (<c>migrate resolve --rolled-back {migration}</c>).</summary>
    public const string Migration = "migration";

    private static readonly HashSet<string> Known = [Target, Version, Service, Name, Value, Migration];

    private enum Quoting { None, Single, Double }

    private readonly record struct Brace(int Index, int Length, string Word, Quoting Quoting);

    /// <summary><paramref name="value"/> as one POSIX shell word: single quotes, each <c>'</c> written as <c>'\''</c>.</summary>
    /// <exception cref="ArgumentException">The value holds a NUL character, which no command line can carry.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("a value holds a NUL character, which no command line can carry", nameof(value));
        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Substitutes the placeholders, each value quoted, in one pass: a value that looks like a placeholder stays as it is.</summary>
    /// <exception cref="ArgumentException">A placeholder stands inside quotes, has no value, or a value holds NUL.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder(template.Length + 32);
        var copied = 0;
        foreach (var brace in Scan(template).Braces)
        {
            if (!Known.Contains(brace.Word)) continue;
            if (brace.Quoting != Quoting.None)
                throw new ArgumentException($"{{{brace.Word}}} stands inside quotes; remove them, the value is quoted for you", nameof(template));
            if (!values.TryGetValue(brace.Word, out var value))
                throw new ArgumentException($"{{{brace.Word}}} has no value in this command", nameof(template));
            text.Append(template, copied, brace.Index - copied).Append(Quote(value));
            copied = brace.Index + brace.Length;
        }

        return text.Append(template, copied, template.Length - copied).ToString();
    }

    /// <summary>Whether <paramref name="template"/> uses the placeholder <paramref name="word"/> (e.g. <see cref="Service"/>).</summary>
    public static bool Uses(string? template, string word) =>
        template is not null && Scan(template).Braces.Any(b => b.Word == word);

    /// <summary>What is wrong with <paramref name="template"/>, each problem naming the configuration <paramref name="key"/>.</summary>
    public static IReadOnlyList<string> Problems(string key, string template, IReadOnlyCollection<string> allowed)
    {
        var problems = new List<string>();
        var (braces, open) = Scan(template);
        foreach (var brace in braces)
        {
            var known = Known.Contains(brace.Word);
            if (known && brace.Quoting != Quoting.None)
                problems.Add($"{key}: {{{brace.Word}}} must not stand inside quotes; the value is quoted for you.");
            else if (known && !allowed.Contains(brace.Word))
                problems.Add($"{key} cannot use {{{brace.Word}}}; it may use {Names(allowed)}.");
            else if (!known && brace.Quoting == Quoting.None)
                problems.Add($"{key}: unknown placeholder {{{brace.Word}}}; it may use {Names(allowed)}.");
        }

        if (open != Quoting.None)
            problems.Add($"{key} has an unclosed {(open == Quoting.Single ? "single" : "double")} quote.");
        return problems;
    }

    private static string Names(IReadOnlyCollection<string> words) =>
        words.Count == 0 ? "no placeholders" : string.Join(", ", words.Select(w => "{" + w + "}"));

    /// <summary>
    /// Finds <c>{word}</c> braces (lowercase letters only) and whether each stands inside quotes, following
    /// POSIX sh quoting: backslash escapes, <c>'…'</c>, <c>"…"</c> (with backslash escapes), and comments.
    /// </summary>
    private static (List<Brace> Braces, Quoting Open) Scan(string t)
    {
        var braces = new List<Brace>();
        var quoting = Quoting.None;
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (quoting == Quoting.None)
            {
                if (c == '\\') { i++; continue; }
                if (c == '\'') { quoting = Quoting.Single; continue; }
                if (c == '"') { quoting = Quoting.Double; continue; }
                if (c == '#' && (i == 0 || char.IsWhiteSpace(t[i - 1])))
                {
                    var newline = t.IndexOf('\n', i);
                    i = newline < 0 ? t.Length : newline;
                    continue;
                }
            }
            else if (quoting == Quoting.Single)
            {
                if (c == '\'') { quoting = Quoting.None; continue; }
            }
            else
            {
                if (c == '\\') { i++; continue; }
                if (c == '"') { quoting = Quoting.None; continue; }
            }

            if (c != '{' || (i > 0 && t[i - 1] == '$')) continue;
            var end = i + 1;
            while (end < t.Length && t[end] is >= 'a' and <= 'z') end++;
            if (end > i + 1 && end < t.Length && t[end] == '}')
                braces.Add(new Brace(i, end - i + 1, t[(i + 1)..end], quoting));
        }

        return (braces, quoting);
    }
}
