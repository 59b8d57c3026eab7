using System.Globalization;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// The span one round asks about: the last <see cref="SentryOptions.Window"/> as <c>statsPeriod</c>, or, right
/// after a reset, <c>start</c>/<c>end</c> from the reset on, so events of the previous deployment are left out.
/// Both forms are accepted by events-stats and sessions (§1.2, §1.3).
/// </summary>
internal readonly record struct SentrySpan(string? StatsPeriod, DateTimeOffset? Start, DateTimeOffset? End)
{
    public static SentrySpan For(TimeSpan window, DateTimeOffset now, DateTimeOffset? resetAt) =>
        resetAt is { } since && since > now - window
            ? new(null, since, now) { Covers = now - since }
            : new(Period(window), null, null) { Covers = window };

    /// <summary>How long a span the round measures, ending now.</summary>
    public TimeSpan Covers { get; init; }

    /// <summary>True right after a reset, before a whole second has passed: there is nothing to ask about yet.</summary>
    public bool IsEmpty => Start is { } start && End is { } end && end - start < TimeSpan.FromSeconds(1);

    /// <summary>Sentry's period syntax: the largest of d, h, m that divides the span.</summary>
    internal static string Period(TimeSpan span)
    {
        var minutes = (long)span.TotalMinutes;
        return minutes % 1440 == 0 ? $"{minutes / 1440}d"
            : minutes % 60 == 0 ? $"{minutes / 60}h"
            : $"{minutes}m";
    }

    public void AppendTo(SentryQueryString q)
    {
        if (StatsPeriod is not null)
        {
            q.Add("statsPeriod", StatsPeriod);
            return;
        }

        q.Add("start", Iso(Start!.Value));
        q.Add("end", Iso(End!.Value));
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
