using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;
using Watchdog.Core.Releases;

namespace Watchdog.Core.Tests.Rules;

public sealed class BaselineBookTests
{
    private static readonly Rule Latency = new("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(5), 1, Meaning.Performance);
    private static readonly Rule Errors = TestData.ErrorRate;
    private static readonly BaselineSettings Settings = new() { Window = TimeSpan.FromHours(1), MinReadings = 5 };
    private static readonly IReadOnlySet<string> NoneBad = new HashSet<string>();
    private static readonly Deployment A = new("dep-a", "v1.0"), B = new("dep-b", "v1.1"), C = new("dep-c", "v1.2");

    private static BaselineBook Book(double? configured = null) =>
        new([Errors, Latency], configured is { } c ? new Dictionary<string, double> { ["latency"] = c } : null, Settings);

    /// <summary>Healthy ticks every minute from <paramref name="start"/>, latency cycling through <paramref name="values"/>.</summary>
    private static DateTimeOffset Feed(BaselineBook book, DateTimeOffset start, int ticks, params double[] values)
    {
        var at = start;
        for (var i = 0; i < ticks; i++, at = at.AddMinutes(1))
            book.Observe([Reading.Of(Signal.LatencyP95, values[i % values.Length], 100, at)], [], incidentOpen: false, at);
        return at;
    }

    [Fact]
    public void For_AfterANewDeployment_IsTheMedianOfThePreviousOnesHealthyReadings()
    {
        var book = Book(configured: 9.9);
        book.Deployed(A, NoneBad);
        var now = Feed(book, T0, 9, 0.2, 0.3, 0.25); // median 0.25

        book.Deployed(B, NoneBad);

        var baseline = book.For(Latency, now).ShouldNotBeNull();
        baseline.Origin.ShouldBe(BaselineOrigin.PreviousDeployment);
        baseline.Value.ShouldBe(0.25);
        baseline.Description.ShouldContain("v1.0 (dep-a)");
        baseline.Description.ShouldContain("median of 9 readings");
    }

    [Fact]
    public void For_WithNoDeploymentMeasured_FallsBackToTheTrailingWindowThenToTheConfiguredValue()
    {
        var book = Book(configured: 0.4);
        book.For(Latency, T0).ShouldBe(Baseline.Configured(0.4));

        var now = Feed(book, T0, 5, 0.1, 0.3);
        var trailing = book.For(Latency, now).ShouldNotBeNull();
        trailing.Origin.ShouldBe(BaselineOrigin.TrailingWindow);
        trailing.Value.ShouldBe(0.1); // 0.1 0.3 0.1 0.3 0.1
        trailing.Description.ShouldBe("trailing 1h00m: median of 5 healthy readings");

        // The window slides: an hour later the readings are too old to count.
        book.For(Latency, now.AddHours(1)).ShouldBe(Baseline.Configured(0.4));
    }

    [Fact]
    public void For_WithNeitherMeasuredNorConfigured_IsNull()
    {
        var book = Book();
        Feed(book, T0, 4, 0.2); // one short of MinReadings

        book.For(Latency, T0.AddMinutes(4)).ShouldBeNull();
    }

    [Fact]
    public void Observe_WhileARuleBreachesOrAnIncidentIsOpen_DoesNotCount()
    {
        var book = Book();
        var pending = new Verdict(Errors, RuleStatus.Pending, Reading.Of(Signal.ErrorRate, 0.5, 100, T0), T0, Inconclusion.None, null);
        for (var i = 0; i < 10; i++)
        {
            var at = T0.AddMinutes(i);
            Reading[] slow = [Reading.Of(Signal.LatencyP95, 5.0, 100, at)];
            book.Observe(slow, [pending], incidentOpen: false, at);
            book.Observe(slow, [], incidentOpen: true, at);
        }

        book.For(Latency, T0.AddMinutes(10)).ShouldBeNull();
    }

    [Fact]
    public void Observe_ReadingsWithTooFewSamplesOrFromAnotherSource_DoNotCount()
    {
        var fromPrometheus = Latency with { MinSamples = 10, Source = "prometheus" };
        var book = new BaselineBook([fromPrometheus], null, Settings);
        for (var i = 0; i < 10; i++)
        {
            var at = T0.AddMinutes(i);
            book.Observe([Reading.Of(Signal.LatencyP95, 0.2, 3, at) with { Source = "prometheus" }, Reading.Of(Signal.LatencyP95, 0.2, 100, at) with { Source = "health" }], [], false, at);
        }

        book.For(fromPrometheus, T0.AddMinutes(10)).ShouldBeNull();
    }

    [Fact]
    public void Deployed_FromAQuarantinedRelease_KeepsTheEarlierBaseline()
    {
        var book = Book();
        book.Deployed(A, NoneBad);
        var now = Feed(book, T0, 6, 0.2);
        book.Deployed(B, NoneBad);
        now = Feed(book, now, 6, 3.0); // B looked healthy by the rules for a while, then was rolled back

        book.Deployed(A, new HashSet<string> { "v1.1" });

        book.For(Latency, now).ShouldNotBeNull().Description.ShouldContain("dep-a");
        book.For(Latency, now)!.Value.ShouldBe(0.2);
    }

    [Fact]
    public void Deployed_AfterTooFewReadings_KeepsTheEarlierBaseline()
    {
        var book = Book();
        book.Deployed(A, NoneBad);
        var now = Feed(book, T0, 6, 0.2);
        book.Deployed(B, NoneBad);
        now = Feed(book, now, 2, 0.9);

        book.Deployed(C, NoneBad);

        book.For(Latency, now)!.Description.ShouldContain("dep-a");
    }

    [Fact]
    public void Load_WhatSaveWrote_RestoresTheBaselineAndTheLiveDeploymentsReadings()
    {
        var before = Book();
        before.Deployed(A, NoneBad);
        var now = Feed(before, T0, 6, 0.2);
        before.Deployed(B, NoneBad);
        now = Feed(before, now, 6, 0.4);
        before.Dirty.ShouldBeTrue();
        var saved = before.Save();
        before.Dirty.ShouldBeFalse();

        var after = Book();
        after.Load(saved);

        after.For(Latency, now)!.Value.ShouldBe(0.2);
        after.Deployed(B, NoneBad); // same deployment still live: nothing rolls over
        after.For(Latency, now)!.Value.ShouldBe(0.2);
        after.Deployed(C, NoneBad); // B's readings, measured before the restart, are now the baseline
        after.For(Latency, now)!.Value.ShouldBe(0.4);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"Rules\":{\"latency\":{\"Values\":[\"x\"]}}}")]
    [InlineData("{\"Rules\":{\"latency\":{\"Values\":[1e400],\"Previous\":{\"Median\":-1}}}}")]
    public void Load_Garbage_IsIgnored(string json)
    {
        var book = Book(configured: 0.3);

        book.Load(json);

        book.For(Latency, T0).ShouldBe(Baseline.Configured(0.3));
    }
}
