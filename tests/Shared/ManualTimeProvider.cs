namespace Watchdog.Testing;

/// <summary>A clock that moves only when a test says so. Timers (Task.Delay, CancelAfter) fire as it passes their due time.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly object _advancing = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _changes;

    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock on, firing due timers in order. Concurrent calls take turns, so the clock never goes back.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_advancing) AdvanceAlone(by);
    }

    private void AdvanceAlone(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null) { _now = target; return; }
                if (next.Due > _now) _now = next.Due;
                next.Reschedule();
            }

            next.Fire();
        }
    }

    /// <summary>How many timers are waiting; lets a test wait until code under test has started its delay.</summary>
    public int PendingTimers
    {
        get { lock (_gate) return _timers.Count; }
    }

    /// <summary>Counts every timer set, moved, fired or dropped; unchanged means the code under test has not touched the clock since.</summary>
    public long TimerChanges
    {
        get { lock (_gate) return _changes; }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                owner._changes++;
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = owner._now + dueTime;
                owner._timers.Add(this);
            }

            return true;
        }

        /// <summary>Called under the owner's lock: drop a one-shot timer, or move a periodic one on.</summary>
        public void Reschedule()
        {
            owner._timers.Remove(this);
            owner._changes++;
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                Due += _period;
                owner._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                if (owner._timers.Remove(this)) owner._changes++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
