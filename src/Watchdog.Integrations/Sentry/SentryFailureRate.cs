using System.Globalization;
using System.Text.Json;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// The share of failed transactions over the window (§12): <c>failure_rate()</c> per bucket, weighted by the
/// bucket's <c>count()</c> from the same call. Failed means <c>transaction.status</c> other than ok, cancelled
/// and unknown, as Sentry defines it. A ratio of transactions to transactions needs no sampling correction.
/// </summary>
/// <remarks>
/// The weighting is why <c>count()</c> is asked for: a plain mean of bucket rates gives a quiet minute with one
/// failed request of one (100%) the same weight as a busy one, and the partial newest bucket would swing it.
/// </remarks>
internal static class SentryFailureRate
{
    public const string Rate = "failure_rate()";
    public const string Count = "count()";

    public static SentryTally From(JsonElement root)
    {
        var (rates, rateFailure) = SentryEventsStats.Series(root, Rate);
        if (rates is null) return rateFailure!.Value;
        var (counts, countFailure) = SentryEventsStats.Series(root, Count);
        if (counts is null) return countFailure!.Value;

        var rateAt = new Dictionary<long, double>(rates.Count);
        foreach (var bucket in rates)
        {
            if (bucket.Value is not { } rate) continue;
            if (rate > 1) return SentryTally.Error($"{Rate} bucket at {bucket.Time} is {Number(rate)}, not a fraction of 0–1");
            rateAt[bucket.Time] = rate;
        }

        double requests = 0, failed = 0;
        foreach (var bucket in counts)
        {
            if (bucket.Value is not (> 0 and var n)) continue;
            if (!rateAt.TryGetValue(bucket.Time, out var rate))
                return SentryTally.Error($"bucket at {bucket.Time} has {Number(n)} transactions but no {Rate}");
            requests += n;
            failed += rate * n;
        }

        // No traffic proves nothing: NoData, never a 0% failure rate.
        return requests > 0
            ? SentryTally.Of(failed / requests, (long)Math.Round(requests))
            : SentryTally.NoData("no transactions in the window (no traffic, or performance monitoring is off: see ErrorRateKind EventCount)");
    }

    private static string Number(double n) => n.ToString("0.####", CultureInfo.InvariantCulture);
}
