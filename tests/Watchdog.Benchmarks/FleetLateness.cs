using Watchdog.Core.Runbook;

namespace Watchdog.Benchmarks;

/// <summary>
/// How late each probe reached the peer against its own schedule. A service's schedule is a grid of instants an
/// interval apart: at its <see cref="PollPhase"/> offset from the Unix epoch (spread), or, for all of them, on the earliest
/// probe of the window (together: every trigger started at once, so the first one served is the closest to on time).
/// A probe's lateness is its arrival minus the nearest grid instant, so a lateness beyond half an interval cannot be told
/// from an early probe: the per-service counts show missed ticks instead.
/// </summary>
public sealed record FleetLateness(double P50Ms, double P99Ms, double MaxMs, double MinMs, int Probes, int BusiestSecond)
{
    public static FleetLateness Of(IReadOnlyList<Arrival> arrivals, TimeSpan interval, FleetSchedule expect)
    {
        if (arrivals.Count == 0) return new FleetLateness(double.NaN, double.NaN, double.NaN, double.NaN, 0, 0);
        var phases = new Dictionary<int, long>();
        var late = new double[arrivals.Count];
        var anchorTogether = (arrivals.Min(a => a.At) - DateTimeOffset.UnixEpoch).Ticks % interval.Ticks;
        for (var i = 0; i < arrivals.Count; i++)
        {
            var (service, at) = arrivals[i];
            if (!phases.TryGetValue(service, out var phase))
                phases[service] = phase = expect == FleetSchedule.Spread ? PollPhase.Of(Name(service), interval).Ticks : anchorTogether;
            var off = ((at - DateTimeOffset.UnixEpoch).Ticks - phase) % interval.Ticks;
            if (off > interval.Ticks / 2) off -= interval.Ticks;
            late[i] = TimeSpan.FromTicks(off).TotalMilliseconds;
        }

        Array.Sort(late);
        // Spread shows in the arrivals themselves: the most that reached the peer in any one second of the window.
        var busiest = arrivals.GroupBy(a => a.At.ToUnixTimeSeconds()).Max(g => g.Count());
        return new FleetLateness(Percentile(late, 0.50), Percentile(late, 0.99), late[^1], late[0], late.Length, busiest);
    }

    /// <summary>The name the generated configuration gives service <paramref name="n"/> (<see cref="FootprintHarness.Config"/>).</summary>
    public static string Name(int n) => $"svc-{n:D3}";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
