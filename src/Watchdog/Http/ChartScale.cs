using System.Globalization;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Http;

/// <summary>
/// Where a rule's chart puts a time (x) and a value (y) in its <c>viewBox</c>. Pure, so the unit tests and the browser
/// test check the rendered geometry against the same arithmetic.
/// </summary>
public readonly record struct ChartScale(DateTimeOffset From, DateTimeOffset To, double Top)
{
    public const double Width = 600;
    public const double Height = 120;

    /// <summary>Linear in time, clamped to the chart's edges.</summary>
    public double X(DateTimeOffset at) =>
        To <= From ? Width : Math.Clamp((at - From).TotalMilliseconds / (To - From).TotalMilliseconds, 0, 1) * Width;

    /// <summary>0 at the bottom, <see cref="Top"/> at the top, clamped.</summary>
    public double Y(double value) => Height - Math.Clamp(value / Top, 0, 1) * Height;

    public bool Covers(DateTimeOffset at) => at >= From && at <= To;

    /// <summary>
    /// From the oldest kept reading to now; fractions on 0–1, anything else (latency) on 0 to a quarter above the
    /// larger of the limit and the highest reading, so the threshold line is always inside.
    /// </summary>
    public static ChartScale For(Signal signal, IReadOnlyList<HistoryPoint> points, double? limit, DateTimeOffset now)
    {
        var from = points.Count > 0 && points[0].At < now ? points[0].At : now - TimeSpan.FromMinutes(1);
        if (signal != Signal.LatencyP95) return new ChartScale(from, now, 1);
        var high = limit ?? 0;
        foreach (var p in points)
            if (!double.IsNaN(p.Value)) high = Math.Max(high, p.Value);
        return new ChartScale(from, now, high > 0 ? high * 1.25 : 1);
    }

    /// <summary>Coordinates as the SVG carries them: invariant, two decimals.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
