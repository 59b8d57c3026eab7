using Watchdog.Core.Signals;

namespace Watchdog.Benchmarks;

/// <summary>One kind of service the judge and the thresholds are replayed on; <see cref="Latency"/> draws one request's latency in seconds.</summary>
/// <param name="Requests">Requests a minute: each minute's reading sums up that many (a one-minute window, so readings never overlap).</param>
/// <param name="Diurnal">Latency multiplier by hour of day (the slow drift both releases live through); 1 for none.</param>
public sealed record JudgeTrace(string Name, int Requests, double ErrorRate, Func<Random, double> Latency, Func<double, double> Diurnal);

/// <summary>
/// Seeded, deterministic minute-by-minute traces: release A live with history, release B deployed at 09:00 on day 7 and
/// watched for three hours. A faulty B is slower per request and fails more often, by a <see cref="Fault"/>.
/// </summary>
public static class JudgeTraces
{
    public static readonly DateTimeOffset Day0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Deploy = Day0.AddDays(7).AddHours(9);
    public static readonly TimeSpan Watched = TimeSpan.FromHours(3);

    /// <summary>What a bad release does: each request <paramref name="Slower"/> times as slow, errors <paramref name="Errors"/> times as often.</summary>
    public sealed record Fault(double Slower, double Errors)
    {
        public override string ToString() => $"{Slower:0.##}x slower, errors x{Errors:0.#}";
    }

    public static readonly Fault None = new(1, 1), Clear = new(1.3, 4), Subtle = new(1.1, 2);

    public static IReadOnlyList<JudgeTrace> All { get; } =
    [
        new("healthy, normal noise", 200, 0.005, r => LogNormal(r, 0.2, 0.3), _ => 1),
        // Peaks at 15:00, lowest at 03:00: B goes live while every hour is slower than the one before.
        new("slow drift (daily)", 200, 0.005, r => LogNormal(r, 0.2, 0.3), h => 1 + 0.4 * Math.Sin(2 * Math.PI * (h - 9) / 24)),
        new("bimodal latency", 200, 0.005, r => r.NextDouble() < 0.7 ? LogNormal(r, 0.05, 0.2) : LogNormal(r, 0.8, 0.2), _ => 1),
        new("low traffic (5/min)", 5, 0.01, r => LogNormal(r, 0.2, 0.3), _ => 1),
    ];

    /// <summary>
    /// The minutes replayed: day 0 from 06:00 to 15:00 (the hours a week before B's), then day 7 from 03:00 (six hours of
    /// A) to three hours after B went live. Day 0 is fed only to the judge that may use a week's history.
    /// </summary>
    public static IEnumerable<(DateTimeOffset At, bool WeekHistory, Reading[] Readings)> Minutes(JudgeTrace trace, int seed, Fault fault)
    {
        var rnd = new Random(seed);
        var latencies = new double[trace.Requests];
        IEnumerable<DateTimeOffset> times = [
            .. Span(Day0.AddHours(6), Day0.AddHours(15)),
            .. Span(Deploy.AddHours(-6), Deploy + Watched)];
        foreach (var at in times)
        {
            var b = at >= Deploy ? fault : None;
            var slow = trace.Diurnal(at.Hour + at.Minute / 60.0) * b.Slower;
            var errorRate = trace.ErrorRate * b.Errors;
            var errors = 0;
            for (var i = 0; i < latencies.Length; i++)
            {
                latencies[i] = trace.Latency(rnd) * slow;
                if (rnd.NextDouble() < errorRate) errors++;
            }

            Array.Sort(latencies);
            var p95 = latencies[Math.Clamp((int)Math.Ceiling(0.95 * latencies.Length) - 1, 0, latencies.Length - 1)];
            var window = TimeSpan.FromMinutes(1);
            yield return (at, at < Deploy.AddHours(-6), [
                Reading.Of(Signal.LatencyP95, p95, trace.Requests, at) with { Window = window },
                Reading.Of(Signal.ErrorRate, (double)errors / trace.Requests, trace.Requests, at) with { Window = window },
            ]);
        }
    }

    private static IEnumerable<DateTimeOffset> Span(DateTimeOffset from, DateTimeOffset to)
    {
        for (var at = from; at < to; at = at.AddMinutes(1)) yield return at;
    }

    private static double LogNormal(Random r, double median, double sigma) =>
        median * Math.Exp(sigma * Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble()));
}
