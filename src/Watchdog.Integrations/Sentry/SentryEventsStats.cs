using System.Text.Json;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// Reads events-stats answers (§1.2, §12): a single-<c>yAxis</c> series
/// <c>{"data": [[ts, [{"count": n}]], …], "start": …, "end": …}</c>, or, with several <c>yAxis</c>, an object
/// holding one such series per yAxis string.
/// </summary>
internal static class SentryEventsStats
{
    /// <summary>
    /// The events in the window, with the number of buckets as samples. Zero-filled buckets
    /// (<c>[ts, [{"count": 0}]]</c>) and empty ones (<c>[ts, []]</c>) add nothing: a total of 0 is a real
    /// count here, and the error rate decides what a zero means. <c>{"data": []}</c> (no project matched)
    /// is NoData; a shape other than the notes' is an error, never a guess.
    /// </summary>
    public static SentryTally Count(JsonElement root)
    {
        var (buckets, failure) = Series(root);
        if (buckets is null) return failure!.Value;
        return SentryTally.Of(buckets.Sum(b => b.Value ?? 0), buckets.Count);
    }

    /// <summary>One yAxis's series out of a multi-yAxis answer, keyed by the yAxis string (§1.2).</summary>
    public static (List<Bucket>? Buckets, SentryTally? Failure) Series(JsonElement root, string yAxis)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(yAxis, out var series))
            return (null, SentryTally.Error($"answer has no \"{yAxis}\" series"));
        var (buckets, failure) = Series(series);
        return (buckets, failure is { } f ? f with { Reason = $"{yAxis}: {f.Reason}" } : null);
    }

    /// <summary>
    /// The buckets of one series in order; a bucket's value is the sum of its entries' <c>count</c>, null when it
    /// has none (<c>[ts, []]</c>). No buckets at all is NoData.
    /// </summary>
    private static (List<Bucket>? Buckets, SentryTally? Failure) Series(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            return (null, SentryTally.Error("answer has no \"data\" array"));
        if (data.GetArrayLength() == 0)
            return (null, SentryTally.NoData("no series at all: the project does not exist or the token cannot see it"));

        var buckets = new List<Bucket>(data.GetArrayLength());
        foreach (var bucket in data.EnumerateArray())
        {
            var i = buckets.Count;
            if (bucket.ValueKind != JsonValueKind.Array || bucket.GetArrayLength() < 2
                || bucket[0].ValueKind != JsonValueKind.Number || !bucket[0].TryGetInt64(out var time) || bucket[1].ValueKind != JsonValueKind.Array)
                return (null, SentryTally.Error($"bucket {i} is not [time, [{{\"count\": n}}]]"));

            double? value = null;
            foreach (var entry in bucket[1].EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                    return (null, SentryTally.Error($"bucket {i} holds something other than {{\"count\": n}}"));
                if (!entry.TryGetProperty("count", out var count) || count.ValueKind == JsonValueKind.Null)
                    continue;
                if (count.ValueKind != JsonValueKind.Number || !count.TryGetDouble(out var n) || !double.IsFinite(n) || n < 0)
                    return (null, SentryTally.Error($"bucket {i} has a count that is not a non-negative number"));
                value = (value ?? 0) + n;
            }

            buckets.Add(new Bucket(time, value));
        }

        return (buckets, null);
    }

    /// <param name="Value">Null for an empty bucket (<c>[ts, []]</c>).</param>
    internal readonly record struct Bucket(long Time, double? Value);
}
