namespace Watchdog.Integrations.Http;

/// <summary>
/// Spaces requests at least <see cref="Interval"/> apart on the injected clock, for an API that limits a
/// token to so many requests a second (Statuspage: one). Each caller reserves the next free slot and waits
/// for it, so concurrent callers queue in order; share one pacer between every client of the same token.
/// A caller cancelled while waiting leaves its slot unused: the spacing errs on the slow side.
/// </summary>
public sealed class RequestPacer
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    public RequestPacer(TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Interval = interval;
        _time = time;
    }

    public TimeSpan Interval { get; }

    /// <summary>Returns when the caller may send: at once for the first request, else <see cref="Interval"/> after the previous one.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var slot = _next > now ? _next : now;
            _next = slot + Interval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, _time, cancellationToken);
    }

    /// <summary>Holds the next request back until <paramref name="until"/> at the earliest (a throttled answer's <c>Retry-After</c>).</summary>
    public void HoldUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _next) _next = until;
        }
    }
}
