using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Signals;

public class ProbeWindowTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static Reading[] Read(ProbeWindow window, DateTimeOffset now)
    {
        var into = new Reading[4];
        window.Read(now, into).ShouldBe(4);
        return into;
    }

    private static Reading Get(Reading[] readings, Signal signal) => readings.Single(r => r.Signal == signal);

    private static ProbeResult Probe(int second, ProbeOutcome outcome, double latency = 0.1) => new(T0.AddSeconds(second), outcome, latency);

    [Fact]
    public void Read_MixedProbes_DerivesAvailabilityErrorRateP95AndUp()
    {
        var window = new ProbeWindow(FiveMinutes, 100);
        for (int i = 0; i < 7; i++) window.Add(Probe(i, ProbeOutcome.Healthy, 0.1 * (i + 1)));
        window.Add(Probe(7, ProbeOutcome.Unhealthy, 1.0));
        window.Add(Probe(8, ProbeOutcome.Unhealthy, 2.0));
        window.Add(Probe(9, ProbeOutcome.Healthy, 0.05));

        var r = Read(window, T0.AddSeconds(10));

        Get(r, Signal.Availability).Value.ShouldBe(0.8);
        Get(r, Signal.Availability).Samples.ShouldBe(10);
        Get(r, Signal.ErrorRate).Value.ShouldBe(0.2);
        Get(r, Signal.ErrorRate).Samples.ShouldBe(10);
        Get(r, Signal.LatencyP95).Value.ShouldBe(2.0);   // nearest rank: ceil(0.95 × 10) = 10th of 10
        Get(r, Signal.Up).Value.ShouldBe(1);
        r.ShouldAllBe(x => x.State == ReadingState.Value && x.At == T0.AddSeconds(10));
    }

    [Fact]
    public void Read_UnreachableProbes_CountAgainstAvailabilityButNotErrorRate()
    {
        var window = new ProbeWindow(FiveMinutes, 100);
        window.Add(Probe(0, ProbeOutcome.Healthy, 0.1));
        window.Add(Probe(1, ProbeOutcome.Unhealthy, 0.3));
        window.Add(Probe(2, ProbeOutcome.Unreachable, 10));
        window.Add(Probe(3, ProbeOutcome.Unreachable, 10));

        var r = Read(window, T0.AddSeconds(4));

        Get(r, Signal.Availability).Value.ShouldBe(0.25);
        Get(r, Signal.ErrorRate).Value.ShouldBe(0.5);
        Get(r, Signal.ErrorRate).Samples.ShouldBe(2);
        Get(r, Signal.LatencyP95).Value.ShouldBe(0.3);   // timeouts have no latency worth ranking
        Get(r, Signal.Up).Value.ShouldBe(0);
    }

    [Theory]
    [InlineData(ProbeOutcome.Healthy, 1)]
    [InlineData(ProbeOutcome.Unhealthy, 1)]     // it answered, if badly: up, not down
    [InlineData(ProbeOutcome.Unreachable, 0)]
    public void Read_Up_FollowsTheLatestProbeOnly(ProbeOutcome latest, double up)
    {
        var window = new ProbeWindow(FiveMinutes, 100);
        window.Add(Probe(0, latest == ProbeOutcome.Unreachable ? ProbeOutcome.Healthy : ProbeOutcome.Unreachable));
        window.Add(Probe(1, latest));

        var reading = Get(Read(window, T0.AddSeconds(2)), Signal.Up);

        reading.Value.ShouldBe(up);
        reading.Samples.ShouldBe(1);
    }

    [Fact]
    public void Read_AllUnreachable_AvailabilityZeroUpZeroAndRatesNoData()
    {
        var window = new ProbeWindow(FiveMinutes, 100);
        for (int i = 0; i < 5; i++) window.Add(Probe(i, ProbeOutcome.Unreachable));

        var r = Read(window, T0.AddSeconds(5));

        Get(r, Signal.Availability).Value.ShouldBe(0);
        Get(r, Signal.Up).Value.ShouldBe(0);
        Get(r, Signal.ErrorRate).State.ShouldBe(ReadingState.NoData);
        Get(r, Signal.LatencyP95).State.ShouldBe(ReadingState.NoData);
        Get(r, Signal.ErrorRate).Reason.ShouldBe("no probe was answered");
    }

    [Fact]
    public void Read_Empty_EverySignalIsNoDataNeverZero()
    {
        var r = Read(new ProbeWindow(FiveMinutes, 10), T0);

        r.Select(x => x.Signal).ShouldBe([Signal.Availability, Signal.ErrorRate, Signal.LatencyP95, Signal.Up], ignoreOrder: true);
        r.ShouldAllBe(x => x.State == ReadingState.NoData && !x.HasValue && x.Reason != null);
    }

    [Theory]
    [InlineData(299, 2)]   // 4m59s later, the first probe is still in the window
    [InlineData(300, 1)]   // exactly the window later it has left
    [InlineData(301, 1)]
    public void Read_ProbesOlderThanWindow_Expire(int secondsLater, int count)
    {
        var window = new ProbeWindow(FiveMinutes, 10);
        window.Add(Probe(0, ProbeOutcome.Unhealthy));
        window.Add(Probe(200, ProbeOutcome.Healthy));

        var r = Read(window, T0.AddSeconds(secondsLater));

        window.Count.ShouldBe(count);
        Get(r, Signal.Availability).Samples.ShouldBe(count);
        Get(r, Signal.ErrorRate).Value.ShouldBe(count == 2 ? 0.5 : 0);
    }

    [Fact]
    public void Read_AllExpired_IsNoDataAgain()
    {
        var window = new ProbeWindow(FiveMinutes, 10);
        window.Add(Probe(0, ProbeOutcome.Unhealthy));

        var r = Read(window, T0.AddMinutes(6));

        window.Count.ShouldBe(0);
        r.ShouldAllBe(x => x.State == ReadingState.NoData);
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsTheNewest()
    {
        var window = new ProbeWindow(FiveMinutes, 3);
        window.Add(Probe(0, ProbeOutcome.Unreachable));
        window.Add(Probe(1, ProbeOutcome.Unreachable));
        window.Add(Probe(2, ProbeOutcome.Healthy, 0.1));
        window.Add(Probe(3, ProbeOutcome.Healthy, 0.2));
        window.Add(Probe(4, ProbeOutcome.Unhealthy, 0.3));

        var r = Read(window, T0.AddSeconds(5));

        window.Count.ShouldBe(3);
        Get(r, Signal.Availability).Value.ShouldBe(2.0 / 3);
        Get(r, Signal.ErrorRate).Value.ShouldBe(1.0 / 3);
        Get(r, Signal.Up).Value.ShouldBe(1);
        Get(r, Signal.LatencyP95).Value.ShouldBe(0.3);
    }

    [Fact]
    public void Add_WrapsAroundTheRingMoreThanOnce_StillOrdersByArrival()
    {
        var window = new ProbeWindow(FiveMinutes, 4);
        for (int i = 0; i < 11; i++) window.Add(Probe(i, i == 10 ? ProbeOutcome.Unreachable : ProbeOutcome.Healthy));

        var r = Read(window, T0.AddSeconds(11));

        Get(r, Signal.Up).Value.ShouldBe(0);
        Get(r, Signal.Availability).Value.ShouldBe(0.75);
    }

    [Theory]
    [InlineData(new double[] { 5 }, 0.95, 5)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 0.5, 2)]          // ceil(0.5 × 4) = 2nd
    [InlineData(new double[] { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 }, 0.95, 10)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 0.95, 19)]
    [InlineData(new double[] { 3, 1, 2 }, 0.0, 1)]
    [InlineData(new double[] { 3, 1, 2 }, 1.0, 3)]
    public void Percentile_IsNearestRank(double[] values, double p, double expected)
    {
        ProbeWindow.Percentile(values.AsSpan(), p).ShouldBe(expected);
    }

    [Fact]
    public void Percentile_OfHundredValues_P95IsTheNinetyFifth()
    {
        var values = Enumerable.Range(1, 100).Reverse().Select(i => (double)i).ToArray();

        ProbeWindow.Percentile(values, 0.95).ShouldBe(95);
    }

    [Fact]
    public void Read_AfterRecovery_LatestIsTheNewestTenthOfTheWindowWhileTheWindowStillHoldsTheBadProbes()
    {
        var window = new ProbeWindow(FiveMinutes, 100);
        for (int i = 1; i <= 20; i++) window.Add(Probe(i, ProbeOutcome.Unhealthy));
        for (int i = 280; i < 300; i++) window.Add(Probe(i, ProbeOutcome.Healthy));

        var r = Read(window, T0.AddSeconds(300));

        Get(r, Signal.ErrorRate).Value.ShouldBe(0.5);
        Get(r, Signal.ErrorRate).Latest.ShouldBe(0);
        Get(r, Signal.Availability).Value.ShouldBe(0.5);
        Get(r, Signal.Availability).Latest.ShouldBe(1);
    }

    [Fact]
    public void Read_NothingInTheNewestTenth_LatestIsTheNewestProbeAlone()
    {
        var window = new ProbeWindow(FiveMinutes, 100);
        window.Add(Probe(0, ProbeOutcome.Healthy));
        window.Add(Probe(10, ProbeOutcome.Unreachable));

        var r = Read(window, T0.AddSeconds(200));

        Get(r, Signal.Availability).Latest.ShouldBe(0);
        Get(r, Signal.ErrorRate).Latest.ShouldBeNull("the newest probe got no answer: no error rate of its own");
        Get(r, Signal.ErrorRate).Value.ShouldBe(0);
    }
}
