using System.Text;

namespace Watchdog.Core.Runbook;

/// <summary>
/// Where within its interval a service is polled: a stable offset from a hash of its name (64-bit FNV-1a of the UTF-8
/// name, modulo the interval), as Prometheus spreads its scrape targets. A fleet of services polled every 10 s is then
/// probed a few at a time all through the 10 s, not all at once; and each service keeps its place across restarts and
/// instances, since the offset is counted from the Unix epoch, not from when the process started. Only the first look
/// after a start does not wait for it (<see cref="FirstLook"/>).
/// </summary>
public static class PollPhase
{
    private const ulong OffsetBasis = 14695981039346656037ul;
    private const ulong Prime = 1099511628211ul;

    /// <summary>The service's offset within <paramref name="interval"/>, in [0, interval).</summary>
    public static TimeSpan Of(string service, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(service)) hash = (hash ^ b) * Prime;
        return TimeSpan.FromTicks((long)(hash % (ulong)interval.Ticks));
    }

    /// <summary>
    /// How long a fleet's first look after a start is spread over for each service it has: a lone sidecar looks at once,
    /// and the first round goes no faster than 50 probes a second. Faster, its probes overlap while the process is still
    /// warming up, and each that overlaps opens a connection of its own and may add a pool thread (100 services in 0.2 s
    /// left 20–25 threads where 13–16 is usual).
    /// </summary>
    public static readonly TimeSpan FirstLookPerService = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The first look after a start: within moments, not up to an interval later as the phase alone would have it (a
    /// sidecar restarted in the middle of an incident must see at once). The fleet's first round keeps the phases' order,
    /// squeezed into <paramref name="services"/> × <see cref="FirstLookPerService"/> (at most an interval).
    /// </summary>
    public static DateTimeOffset FirstLook(string service, TimeSpan interval, DateTimeOffset now, int services)
    {
        var spread = TimeSpan.FromTicks(Math.Min(interval.Ticks, FirstLookPerService.Ticks * Math.Max(1, services)));
        return now + Of(service, interval) * (spread / interval);
    }

    /// <summary>
    /// The poll at the service's phase that follows its first look by at least half an interval: no two looks in a row
    /// closer than that, and none more than an interval and a half apart.
    /// </summary>
    public static DateTimeOffset AfterFirstLook(string service, TimeSpan interval, DateTimeOffset firstLook) =>
        FirstAt(service, interval, firstLook + interval / 2);

    /// <summary>
    /// The first poll at or after <paramref name="now"/>: the next instant whose place within the interval (counted from
    /// the Unix epoch) is the service's phase. Every later poll follows at whole intervals from it.
    /// </summary>
    public static DateTimeOffset FirstAt(string service, TimeSpan interval, DateTimeOffset now)
    {
        var into = (now - DateTimeOffset.UnixEpoch).Ticks % interval.Ticks;
        var wait = (Of(service, interval).Ticks - into + interval.Ticks) % interval.Ticks;
        return now + TimeSpan.FromTicks(wait);
    }
}
