using System.Text;

namespace Watchdog.Integrations.Alerts;

/// <summary>Text taken from a pushed body, made safe to log and show: one line, bounded.</summary>
internal static class AlertText
{
    /// <summary>A summary lands in Slack, the journal and the timeline; a few lines' worth is plenty.</summary>
    public const int MaxSummaryChars = 300;

    public const int MaxReasonChars = 300;

    /// <summary>Longer than any real service name (Kubernetes allows 63 for most), short enough for a log line.</summary>
    public const int MaxServiceChars = 128;

    /// <summary>How much of a sender's value (a label, a project slug) a reason quotes.</summary>
    public const int MaxQuotedChars = 64;

    /// <summary>Control characters (newlines included) become spaces; longer than <paramref name="max"/> ends in "…".</summary>
    public static string Bounded(string text, int max)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (var c in text.AsSpan().Trim())
        {
            if (sb.Length == max)
            {
                // Never leave half of a surrogate pair before the ellipsis.
                sb.Length = max > 1 && char.IsHighSurrogate(sb[max - 2]) ? max - 1 : max;
                sb[^1] = '…';
                break;
            }

            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString();
    }

    /// <summary>A sender's value inside a reason: quoted and cut short.</summary>
    public static string Quote(string value) => "'" + Bounded(value, MaxQuotedChars) + "'";

    /// <summary>"Name: detail", either alone when the other is empty, or <paramref name="fallback"/>.</summary>
    public static string Summary(string? name, string? detail, string fallback, string separator = ": ")
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        detail = string.IsNullOrWhiteSpace(detail) ? null : detail.Trim();
        var text = (name, detail) switch
        {
            (not null, not null) => name + separator + detail,
            (not null, null) => name,
            (null, not null) => detail,
            _ => fallback,
        };
        return Bounded(text, MaxSummaryChars);
    }
}
