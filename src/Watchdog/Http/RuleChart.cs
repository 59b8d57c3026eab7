using Watchdog.Core.Rules;

namespace Watchdog.Http;

/// <summary>
/// A rule's signal over its kept readings as inline SVG: the readings as polylines (a gap where a tick had no value),
/// the limit as a line, and the markers. Every position is also carried as <c>data-</c> attributes in the data's own
/// terms (ISO times, values), so a test can recompute where each should sit.
/// </summary>
public static class RuleChart
{
    public static void Render(HtmlText h, Verdict verdict, IReadOnlyList<HistoryPoint> points, IReadOnlyList<ChartMarker> markers, DateTimeOffset now)
    {
        var rule = verdict.Rule;
        var limit = verdict.Limit;
        var scale = ChartScale.For(rule.Signal, points, limit, now);
        h.Add($"""<svg class="chart" data-rule="{rule.Name}" data-from="{scale.From.ToString("O")}" data-to="{scale.To.ToString("O")}" data-top="{scale.Top.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" viewBox="0 0 {N(ChartScale.Width)} {N(ChartScale.Height)}" preserveAspectRatio="none" role="img" aria-label="{rule.Name}: {rule.Signal} over the last {points.Count} readings">""");
        h.Add($"""<rect class="plot" x="0" y="0" width="{N(ChartScale.Width)}" height="{N(ChartScale.Height)}"/>""");
        if (limit is { } l)
        {
            var y = N(scale.Y(l));
            h.Add($"""<line class="threshold" data-value="{l.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" x1="0" x2="{N(ChartScale.Width)}" y1="{y}" y2="{y}"><title>{rule.Describe()}</title></line>""");
        }

        var run = new List<string>();
        foreach (var p in points)
        {
            if (double.IsNaN(p.Value) || !scale.Covers(p.At)) Flush(h, run);
            else run.Add($"{N(scale.X(p.At))},{N(scale.Y(p.Value))}");
        }
        Flush(h, run);

        foreach (var m in markers.Where(m => scale.Covers(m.At)))
        {
            var x = N(scale.X(m.At));
            h.Add($"""<line class="marker {m.Kind}" data-at="{m.At.ToString("O")}" x1="{x}" x2="{x}" y1="0" y2="{N(ChartScale.Height)}"><title>{m.Label} at {m.At.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}Z</title></line>""");
        }

        h.Add($"</svg>");
    }

    private static void Flush(HtmlText h, List<string> run)
    {
        // A single point is drawn as a dot-long line, so a lone reading still shows.
        if (run.Count == 1) run.Add(run[0]);
        if (run.Count > 0) h.Add($"""<polyline class="signal" points="{string.Join(' ', run)}"/>""");
        run.Clear();
    }

    private static string N(double value) => ChartScale.Number(value);
}
