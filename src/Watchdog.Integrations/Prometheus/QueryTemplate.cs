using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// Puts a service name into a PromQL template. The placeholder must be a whole double-quoted string,
/// <c>"{service}"</c>, so the name can be escaped for exactly that context: a name such as
/// <c>a"} or vector(1) #</c> stays one label value instead of becoming PromQL.
/// </summary>
public static partial class QueryTemplate
{
    public const string Placeholder = "{service}";

    /// <summary>The template with every <c>"{service}"</c> replaced by <paramref name="service"/> as a PromQL string literal.</summary>
    public static string Render(string template, string service)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(service);
        if (Problem(template) is { } problem) throw new ArgumentException(problem, nameof(template));

        return Quoted().Replace(template, m =>
        {
            // In a regex matcher the name must also match only itself: Prometheus anchors the regex, so escaping suffices.
            var value = IsRegexMatcher(template, m.Index) ? RegexEscape(service) : service;
            return "\"" + Escape(value) + "\"";
        });
    }

    /// <summary>Why the template cannot be rendered safely, or null: a bare or single-quoted placeholder, or an unknown one.</summary>
    public static string? Problem(string template)
    {
        var quoted = Quoted().Count(template);
        var all = CountOf(template, Placeholder);
        if (all != quoted)
            return $"uses {Placeholder} outside double quotes; write it as a whole label value: service=\"{Placeholder}\"";
        foreach (Match m in AnyQuotedPlaceholder().Matches(template))
        {
            if (m.Groups[1].Value != "service")
                return $"has the unknown placeholder \"{{{m.Groups[1].Value}}}\"; only \"{Placeholder}\" is replaced";
        }

        return null;
    }

    /// <summary>The body of a PromQL double-quoted string holding <paramref name="value"/> (Go escaping rules).</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case < ' ' or '\x7f': sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>RE2 metacharacters escaped, so the name matches only itself.</summary>
    public static string RegexEscape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsRegexMatcher(string template, int quoteAt)
    {
        var i = quoteAt - 1;
        while (i >= 0 && char.IsWhiteSpace(template[i])) i--;
        return i >= 1 && template[i] == '~' && template[i - 1] is '=' or '!';
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    [GeneratedRegex("\"\\{service\\}\"")]
    private static partial Regex Quoted();

    [GeneratedRegex("\"\\{([A-Za-z_][A-Za-z0-9_]*)\\}\"")]
    private static partial Regex AnyQuotedPlaceholder();
}
