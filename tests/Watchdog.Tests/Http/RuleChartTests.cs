using System.Globalization;
using System.Xml.Linq;
using Watchdog.Core.Incidents;
using Watchdog.Core.Releases;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
using Watchdog.Http;

namespace Watchdog.Tests.Http;

/// <summary>The chart's arithmetic, and the SVG drawn with it: every line sits where its data-attributes say.</summary>
public class RuleChartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    private static readonly Rule Availability = Rule.Defaults.Single(r => r.Name == "availability");

    [Fact]
    public void Scale_MapsTimeLeftToRightAndValueBottomToTop_AndClampsToTheEdges()
    {
        var scale = new ChartScale(T0, T0.AddSeconds(100), 1);

        scale.X(T0).ShouldBe(0);
        scale.X(T0.AddSeconds(25)).ShouldBe(150);
        scale.X(T0.AddSeconds(100)).ShouldBe(600);
        scale.X(T0.AddSeconds(-5)).ShouldBe(0);
        scale.Y(0).ShouldBe(120);
        scale.Y(1).ShouldBe(0);
        scale.Y(0.95).ShouldBe(6, 1e-9);
        scale.Y(2).ShouldBe(0);
    }

    [Fact]
    public void Scale_ForLatency_LeavesRoomAboveTheLimitOrTheHighestReading()
    {
        HistoryPoint[] points = [new(T0, 0.2), new(T0.AddSeconds(10), 0.8), new(T0.AddSeconds(20), double.NaN)];

        ChartScale.For(Signal.LatencyP95, points, 0.5, T0.AddSeconds(30)).ShouldBe(new ChartScale(T0, T0.AddSeconds(30), 1.0));
        ChartScale.For(Signal.LatencyP95, points, 2, T0.AddSeconds(30)).Top.ShouldBe(2.5);
        ChartScale.For(Signal.Availability, points, 0.95, T0.AddSeconds(30)).Top.ShouldBe(1);
        ChartScale.For(Signal.Availability, [], 0.95, T0).From.ShouldBe(T0.AddMinutes(-1));
    }

    [Fact]
    public void Render_PutsTheThresholdThePointsAndTheMarkersWhereTheDataDoes()
    {
        HistoryPoint[] points = [new(T0, 1), new(T0.AddSeconds(10), 0.5), new(T0.AddSeconds(20), double.NaN), new(T0.AddSeconds(30), 0.9), new(T0.AddSeconds(40), 1)];
        ChartMarker[] markers = [new("detected", T0.AddSeconds(10), "detected"), new("rollback", T0.AddSeconds(25), "rollback started"), new("deploy", T0.AddSeconds(-30), "v2 live")];
        var verdict = new Verdict(Availability, RuleStatus.Firing, Reading.Of(Signal.Availability, 0.6, 20, T0.AddSeconds(40)), T0, Inconclusion.None, null);
        var h = new HtmlText();

        RuleChart.Render(h, verdict, points, markers, T0.AddSeconds(40));

        var svg = XElement.Parse(h.ToString());
        var scale = new ChartScale(DateTimeOffset.Parse((string)svg.Attribute("data-from")!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)svg.Attribute("data-to")!, CultureInfo.InvariantCulture), double.Parse((string)svg.Attribute("data-top")!, CultureInfo.InvariantCulture));
        scale.ShouldBe(new ChartScale(T0, T0.AddSeconds(40), 1));
        ((string)svg.Attribute("viewBox")!).ShouldBe("0 0 600 120");

        var threshold = svg.Elements("line").Single(e => (string?)e.Attribute("class") == "threshold");
        ((string)threshold.Attribute("data-value")!).ShouldBe("0.95");
        ((string)threshold.Attribute("y1")!).ShouldBe("6");
        ((string)threshold.Attribute("y2")!).ShouldBe("6");

        // The gap at 20 s splits the line in two.
        svg.Elements("polyline").Select(p => (string)p.Attribute("points")!).ShouldBe(["0,0 150,60", "450,12 600,0"]);

        var drawn = svg.Elements("line").Where(e => ((string)e.Attribute("class")!).StartsWith("marker ", StringComparison.Ordinal)).ToList();
        drawn.Select(e => (string)e.Attribute("class")!).ShouldBe(["marker detected", "marker rollback"], "the deploy before the first reading is off the chart");
        drawn.Select(e => (string)e.Attribute("x1")!).ShouldBe(["150", "375"]);
        drawn.Select(e => DateTimeOffset.Parse((string)e.Attribute("data-at")!, CultureInfo.InvariantCulture)).ShouldBe([T0.AddSeconds(10), T0.AddSeconds(25)]);
    }

    [Fact]
    public void Render_BaselineRuleWithoutABaseline_DrawsNoThreshold()
    {
        var rule = new Rule("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(5), 10, Meaning.Performance);
        var verdict = new Verdict(rule, RuleStatus.Inconclusive, Reading.Of(Signal.LatencyP95, 0.3, 20, T0), null, Inconclusion.NoBaseline, null);
        var h = new HtmlText();

        RuleChart.Render(h, verdict, [new(T0.AddSeconds(-10), 0.3)], [], T0);

        XElement.Parse(h.ToString()).Elements("line").ShouldBeEmpty();
    }

    [Fact]
    public void Markers_AreTheDeploysTheDetectionTheRollbackStepsAndTheVerification()
    {
        var incident = new Incident("inc-1", "api", Mode.Auto, new Trigger("availability", Meaning.CoreBroken, "down", T0, T0.AddSeconds(5)), T0.AddSeconds(5));
        incident.SetStep(new StepRecord("identify", StepStatus.Succeeded, 1, T0.AddSeconds(6), T0.AddSeconds(6), "live: v2"));
        incident.SetStep(new StepRecord("rollback", StepStatus.Succeeded, 1, T0.AddSeconds(7), T0.AddSeconds(8), "ok"));
        incident.SetStep(new StepRecord("verify", StepStatus.Failed, 1, T0.AddSeconds(9), T0.AddSeconds(12), "still down"));
        DeployChange[] deploys = [new(T0.AddSeconds(-60), new Deployment("dep-v2", "v2"))];

        var markers = ChartMarkers.Of(incident, deploys);

        markers.Select(m => (m.Kind, m.At)).ShouldBe([
            ("deploy", T0.AddSeconds(-60)), ("detected", incident.DetectedAt), ("rollback", T0.AddSeconds(7)), ("rollback", T0.AddSeconds(8)),
            ("verify", T0.AddSeconds(9)), ("verify", T0.AddSeconds(12)),
        ]);
        markers[^1].Label.ShouldBe("verify failed");
        ChartMarkers.Of(null, deploys).ShouldHaveSingleItem().Label.ShouldBe("v2 live");
    }
}
