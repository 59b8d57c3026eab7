using System.Text.Json;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// Reads an events-stats answer for a single <c>yAxis=count()</c> (§1.2):
/// <c>{"data": [[ts, [{"count": n}]], …], "start": …, "end": …}</c>, and sums its buckets.
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
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            return SentryTally.Error("answer has no \"data\" array");

        var buckets = data.GetArrayLength();
        if (buckets == 0)
            return SentryTally.NoData("no series at all: the project does not exist or the token cannot see it");

        double total = 0;
        var i = 0;
        foreach (var bucket in data.EnumerateArray())
        {
            if (bucket.ValueKind != JsonValueKind.Array || bucket.GetArrayLength() < 2
                || bucket[0].ValueKind != JsonValueKind.Number || bucket[1].ValueKind != JsonValueKind.Array)
                return SentryTally.Error($"bucket {i} is not [time, [{{\"count\": n}}]]");

            foreach (var entry in bucket[1].EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                    return SentryTally.Error($"bucket {i} holds something other than {{\"count\": n}}");
                if (!entry.TryGetProperty("count", out var count) || count.ValueKind == JsonValueKind.Null)
                    continue;
                if (count.ValueKind != JsonValueKind.Number || !count.TryGetDouble(out var n) || !double.IsFinite(n) || n < 0)
                    return SentryTally.Error($"bucket {i} has a count that is not a non-negative number");
                total += n;
            }

            i++;
        }

        return SentryTally.Of(total, buckets);
    }
}
