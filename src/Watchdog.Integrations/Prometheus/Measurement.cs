using System.Globalization;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Prometheus;

/// <summary>
/// What one query's answer says about one signal: a number, or why there is none. A query must give one
/// number; several series are refused rather than summed, because summing ratios or percentiles is wrong
/// and which series to pick is the query's business (aggregate it with <c>sum</c>, <c>max</c>…).
/// </summary>
internal readonly record struct Measurement(ReadingState State, double Value, string? Reason)
{
    private const double Slack = 1e-9;

    public static Measurement Error(string reason) => new(ReadingState.Error, double.NaN, reason);

    public static Measurement NoData(string reason) => new(ReadingState.NoData, double.NaN, reason);

    /// <summary>An instant query's answer: a scalar or a one-series vector.</summary>
    public static Measurement FromInstant(PrometheusResponse r)
    {
        if (r.Failure is { } f) return Error(f.ToString());
        return r.ResultType switch
        {
            PrometheusResultType.Scalar => Number(r.Series[0].Samples[0].Value),
            PrometheusResultType.Vector => r.Series.Count switch
            {
                0 => NoData("query returned no series"),
                1 when r.Series[0].IsNativeHistogram => NativeHistogram,
                1 => Number(r.Series[0].Samples[0].Value),
                var n => TooMany(n),
            },
            PrometheusResultType.Matrix => Error("query returned a range vector; an instant query must give a scalar or an instant vector"),
            _ => Error("query returned a string, not a number"),
        };
    }

    /// <summary>A range query's answer, looked up at each step: the one series with a point there.</summary>
    public static Func<DateTimeOffset, Measurement> FromRange(PrometheusResponse r)
    {
        if (r.Failure is { } f)
        {
            var failed = Error(f.ToString());
            return _ => failed;
        }

        if (r.ResultType != PrometheusResultType.Matrix)
        {
            var wrong = Error($"range query returned a {r.ResultType.ToString().ToLowerInvariant()}, not a matrix");
            return _ => wrong;
        }

        var points = new Dictionary<long, (int Series, PrometheusSample Sample, bool Histogram)>();
        foreach (var series in r.Series)
        {
            foreach (var s in series.Samples)
            {
                var key = s.At.ToUnixTimeMilliseconds();
                points[key] = points.TryGetValue(key, out var seen) ? (seen.Series + 1, s, seen.Histogram || series.IsNativeHistogram) : (1, s, series.IsNativeHistogram);
            }
        }

        return at => points.TryGetValue(at.ToUnixTimeMilliseconds(), out var p)
            ? p.Series > 1 ? TooMany(p.Series) : p.Histogram ? NativeHistogram : Number(p.Sample.Value)
            : NoData("query returned no point at this time");
    }

    /// <summary>NaN (0/0: no requests) and ±Inf (x/0) are not measurements.</summary>
    public static Measurement Number(double v) =>
        double.IsNaN(v) ? NoData("query returned NaN (0/0: no requests in the window?)")
        : double.IsPositiveInfinity(v) ? NoData("query returned +Inf")
        : double.IsNegativeInfinity(v) ? NoData("query returned -Inf")
        : new(ReadingState.Value, v, null);

    /// <summary>The reading for <paramref name="signal"/>, with <paramref name="samples"/> behind it (null: not measured, 0).</summary>
    public static Reading ToReading(Signal signal, in Measurement value, in Measurement? samples, DateTimeOffset at)
    {
        if (value.State == ReadingState.NoData) return Reading.NoData(signal, at, value.Reason!);
        if (value.State == ReadingState.Error) return Reading.Error(signal, at, value.Reason!);
        if (OutOfRange(signal, value.Value) is { } why) return Reading.Error(signal, at, why);

        var count = 0;
        if (samples is { } s)
        {
            if (s.State == ReadingState.Error) return Reading.Error(signal, at, "sample count query failed: " + s.Reason);
            if (s.State == ReadingState.Value) count = (int)Math.Clamp(Math.Round(s.Value), 0, int.MaxValue);
        }

        var v = IsFraction(signal) ? Math.Clamp(value.Value, 0, 1) : value.Value;
        return Reading.Of(signal, v, count, at);
    }

    /// <summary>A rate given as a percentage (15 for 15%) would trip every rule: refuse it instead.</summary>
    private static string? OutOfRange(Signal signal, double v) =>
        IsFraction(signal) && v is < -Slack or > 1 + Slack
            ? $"{signal} {v.ToString("0.####", CultureInfo.InvariantCulture)} is outside 0–1: the query must give a fraction, not a percentage"
            : signal == Signal.LatencyP95 && v < 0 ? $"{signal} {v.ToString("0.####", CultureInfo.InvariantCulture)} is negative"
            : null;

    private static bool IsFraction(Signal signal) =>
        signal is Signal.ErrorRate or Signal.Availability or Signal.CrashFreeRate or Signal.Up;

    private static Measurement TooMany(int n) => Error($"query returned {n} series, expected one: aggregate it (sum, max, …)");

    private static readonly Measurement NativeHistogram =
        Error("query returned a native histogram, not a number: wrap it in histogram_quantile(), histogram_count() or histogram_sum()");
}
