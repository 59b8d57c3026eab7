using System.Globalization;
using Watchdog.Http;
using Watchdog.Tests.Configuration;

namespace Watchdog.Tests.Support;

/// <summary>
/// For the status page's browser tests: a screenshot of each state, saved with the test results (TestResults/screenshots,
/// where .ci/run collects them), and the check that a chart's lines are drawn where their data puts them.
/// </summary>
public static class StatusPageShots
{
    public static string Directory => Path.Combine(ShippedConfigTests.RepoRoot, "TestResults", "screenshots");

    /// <summary>Saves the page as a person sees it in <paramref name="state"/>, tall enough to hold the incident below the services.</summary>
    public static async Task SaveAsync(BrowserSession browser, string state)
    {
        await browser.ResizeAsync(1280, 2200);
        await browser.ScreenshotAsync(Path.Combine(Directory, $"status-{state}.png"));
    }

    /// <summary>
    /// The chart of <paramref name="rule"/>: its threshold at the limit's height and each marker at its time, both in the
    /// SVG's coordinates (computed with <see cref="ChartScale"/> from the data-attributes) and on screen (the element's
    /// drawn rect against the chart's). Returns the markers as class and time.
    /// </summary>
    public static async Task<IReadOnlyList<(string Kind, DateTimeOffset At)>> ChartGeometryAsync(BrowserSession browser, string rule, double threshold)
    {
        var chart = $"svg.chart[data-rule=\"{rule}\"]";
        var scale = new ChartScale(Time((await browser.AttributesAsync(chart, "data-from")).Single()), Time((await browser.AttributesAsync(chart, "data-to")).Single()),
            Number((await browser.AttributesAsync(chart, "data-top")).Single()));
        var box = (await browser.RectsAsync(chart)).Single();
        box.Width.ShouldBeGreaterThan(100, "the chart is drawn");

        Number((await browser.AttributesAsync($"{chart} line.threshold", "data-value")).Single()).ShouldBe(threshold);
        var y = Number((await browser.AttributesAsync($"{chart} line.threshold", "y1")).Single());
        y.ShouldBe(scale.Y(threshold), 0.01);
        (await browser.RectsAsync($"{chart} line.threshold")).Single().Y.ShouldBe(box.Y + y / ChartScale.Height * box.Height, 1.5, "the threshold as drawn");

        var kinds = await browser.AttributesAsync($"{chart} line.marker", "class");
        var ats = await browser.AttributesAsync($"{chart} line.marker", "data-at");
        var xs = await browser.AttributesAsync($"{chart} line.marker", "x1");
        var rects = await browser.RectsAsync($"{chart} line.marker");
        var markers = new List<(string, DateTimeOffset)>();
        for (var i = 0; i < kinds.Count; i++)
        {
            var at = Time(ats[i]);
            Number(xs[i]).ShouldBe(scale.X(at), 0.01, $"marker {kinds[i]} at {at:O}");
            rects[i].X.ShouldBe(box.X + Number(xs[i]) / ChartScale.Width * box.Width, 1.5, $"marker {kinds[i]} as drawn");
            markers.Add((kinds[i]!.Replace("marker ", "", StringComparison.Ordinal), at));
        }

        (await browser.AttributesAsync($"{chart} polyline.signal", "points")).ShouldNotBeEmpty("the readings are drawn");
        return markers;
    }

    private static DateTimeOffset Time(string? text) => DateTimeOffset.Parse(text.ShouldNotBeNull(), CultureInfo.InvariantCulture);

    private static double Number(string? text) => double.Parse(text.ShouldNotBeNull(), CultureInfo.InvariantCulture);
}
