using System.Text.Json;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// Reads a sessions answer asked for <c>sum(session)</c> and <c>crash_free_rate(session)</c> without
/// <c>groupBy</c> (§1.3): <c>{"groups": [{"by": {}, "totals": {"sum(session)": n, "crash_free_rate(session)": 0.98}}], …}</c>.
/// </summary>
internal static class SentrySessions
{
    public const string Sum = "sum(session)";
    public const string CrashFree = "crash_free_rate(session)";

    /// <summary>
    /// The crash-free fraction with the session count as samples. No groups, zero sessions or a null rate
    /// (both may be null, §1.3) are NoData. Should the server group anyway, groups are combined weighted by
    /// their sessions.
    /// </summary>
    public static SentryTally CrashFreeRate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            return SentryTally.Error("answer has no \"groups\" array");
        if (groups.GetArrayLength() == 0)
            return SentryTally.NoData("no session groups: release health is not set up, or nothing matched");

        double sessions = 0, rated = 0, weighted = 0;
        foreach (var group in groups.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("totals", out var totals) || totals.ValueKind != JsonValueKind.Object)
                return SentryTally.Error("a group has no \"totals\" object");
            if (!TryNumber(totals, Sum, out var sum) || sum < 0)
                return SentryTally.Error($"{Sum} is not a non-negative number or null");
            if (!TryNumber(totals, CrashFree, out var rate) || rate is < 0 or > 1)
                return SentryTally.Error($"{CrashFree} is not a fraction between 0 and 1 or null");
            if (sum is not { } s) continue;
            sessions += s;
            if (rate is { } r)
            {
                weighted += r * s;
                rated += s;
            }
        }

        if (sessions == 0) return SentryTally.NoData("zero sessions in the window");
        if (rated == 0) return SentryTally.NoData($"{CrashFree} is null");
        return SentryTally.Of(weighted / rated, (long)sessions);
    }

    /// <summary>A number, or null for a missing or null field; false for anything else.</summary>
    private static bool TryNumber(JsonElement totals, string field, out double? value)
    {
        value = null;
        if (!totals.TryGetProperty(field, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var d) || !double.IsFinite(d)) return false;
        value = d;
        return true;
    }
}
