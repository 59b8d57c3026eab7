using System.Globalization;

namespace Watchdog.Integrations.Tests.Sentry;

/// <summary>
/// What a service did, minute by minute, and what Sentry would answer about it: every failed request sends one
/// error event (errors are never sampled), and the SDK sends transactions at <see cref="SampleRate"/>. The
/// failure-rate answer is the indexed fallback of <c>metricsEnhanced</c> (§12), computed from the sampled
/// transactions only, so a test sees what sampling does to each form.
/// </summary>
internal sealed record SentryTraffic(IReadOnlyList<(int Requests, int Failed)> Minutes, double SampleRate = 1)
{
    public int[] ErrorEvents => [.. Minutes.Select(m => m.Failed)];

    public int[] SampledTransactions => [.. Minutes.Select(m => Sampled(m.Requests))];

    /// <summary>Per bucket: failed ÷ all among the transactions Sentry stored, with their number; an empty minute is zero-filled.</summary>
    public (double Rate, double Count)[] FailureRates => [.. Minutes.Select(m =>
    {
        var stored = Sampled(m.Requests);
        return (stored == 0 ? 0 : (double)Sampled(m.Failed) / stored, (double)stored);
    })];

    public void ServeFrom(SentryPeer sentry)
    {
        sentry.Errors = _ => SentryPeer.Stats(ErrorEvents);
        sentry.Transactions = _ => SentryPeer.Stats(SampledTransactions);
        sentry.FailureRates = _ => SentryPeer.Json(FailureRateBody(FailureRates));
    }

    /// <summary>The multi-yAxis answer (§1.2, §12): an object keyed by each yAxis string, the value in <c>count</c>.</summary>
    public static string FailureRateBody(IReadOnlyList<(double Rate, double Count)> buckets) =>
        "{\"failure_rate()\":" + Series(buckets.Select(b => b.Rate), 0, "percentage")
        + ",\"count()\":" + Series(buckets.Select(b => b.Count), 1, "integer") + "}";

    private static string Series(IEnumerable<double> values, int order, string type) =>
        "{\"data\":[" + string.Join(",", values.Select((v, i) => $"[{SentryPeer.Ts(i)},[{{\"count\":{v.ToString("R", CultureInfo.InvariantCulture)}}}]]"))
        + "],\"start\":" + SentryPeer.Ts(0) + ",\"end\":" + SentryPeer.Ts(5) + ",\"isMetricsData\":false,\"order\":" + order
        + ",\"meta\":{\"fields\":{\"count\":\"" + type + "\"},\"units\":{\"count\":null}}}";

    private int Sampled(int n) => (int)Math.Round(n * SampleRate);
}
