using System.Diagnostics;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Http;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that also remembers the due time of every timer asked of it, so a
/// test can tell a retry delay or a probe interval (advance past it) from a request deadline (leave it),
/// and can assert what delay the code under test asked for.
/// </summary>
internal sealed class WatchedClock : TimeProvider
{
    private readonly List<TimeSpan> _requested = [];
    private readonly Lock _advancing = new();

    public ManualTimeProvider Manual { get; } = new();

    public override DateTimeOffset GetUtcNow() => Manual.GetUtcNow();

    public override long GetTimestamp() => Manual.GetTimestamp();

    public override long TimestampFrequency => Manual.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public IReadOnlyList<TimeSpan> Requested
    {
        get { lock (_requested) return [.. _requested]; }
    }

    /// <summary>
    /// Serialized: a fired timer may run the code under test inline, whose next request reaches a test peer
    /// that advances the clock too; two overlapping <see cref="ManualTimeProvider.Advance"/> calls can set
    /// the clock back (each ends by writing its own target).
    /// </summary>
    public void Advance(TimeSpan by)
    {
        lock (_advancing) Manual.Advance(by);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Record(dueTime);
        return new Watched(this, Manual.CreateTimer(callback, state, dueTime, period));
    }

    /// <summary>
    /// Waits (polling, real time) until the <paramref name="n"/>th timer matching <paramref name="match"/> has
    /// been requested and returns its due time; null when <paramref name="until"/> finished first.
    /// </summary>
    public async Task<TimeSpan?> NextTimerAsync(Func<TimeSpan, bool> match, int n, Task until)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var hits = Requested.Where(match).ToList();
            if (hits.Count >= n) return hits[n - 1];
            if (until.IsCompleted) return null;
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"timer #{n} was never requested; now {GetUtcNow():HH:mm:ss.fff}, work {until.Status}, pending {Manual.PendingTimers}; requested: {string.Join(", ", Requested)}");
            await Task.Delay(2);
        }
    }

    /// <summary>Runs <paramref name="work"/> to the end, moving the clock past each timer that <paramref name="isWait"/> accepts as soon as it is requested.</summary>
    public async Task<T> DriveAsync<T>(Task<T> work, Func<TimeSpan, bool> isWait)
    {
        for (var n = 1; ; n++)
        {
            var due = await NextTimerAsync(isWait, n, work);
            if (due is null) return await work;
            Advance(due.Value);
        }
    }

    private void Record(TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan) return;
        lock (_requested) _requested.Add(due);
    }

    private sealed class Watched(WatchedClock owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
