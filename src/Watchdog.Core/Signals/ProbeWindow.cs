namespace Watchdog.Core.Signals;

/// <summary>
/// The last <c>window</c> of health probes in a fixed ring, from which availability, error rate,
/// p95 latency and up/down are derived. Allocates only at construction (a read borrows a pooled array).
/// </summary>
public sealed class ProbeWindow
{
    private readonly Kept[] _ring;
    private readonly TimeSpan _window;
    private int _start;
    private int _count;

    public ProbeWindow(TimeSpan window, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _window = window;
        _ring = new Kept[capacity];
    }

    public TimeSpan Window => _window;

    public int Count => _count;

    public void Add(in ProbeResult probe)
    {
        if (_count == _ring.Length)
        {
            _start = (_start + 1) % _ring.Length;
            _count--;
        }

        _ring[(_start + _count) % _ring.Length] = new Kept(probe);
        _count++;
    }

    /// <summary>Writes the four derived readings as of <paramref name="now"/> into <paramref name="into"/> (length ≥ 4).</summary>
    public int Read(DateTimeOffset now, Span<Reading> into)
    {
        Expire(now);
        // The latencies are sorted in a pooled array, not one kept per window: a fleet's thousands of windows are read
        // one at a time per thread, and a kept copy was a tenth of what each service held.
        var scratch = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(1, _count));
        try
        {
            return Read(now, into, scratch);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(scratch);
        }
    }

    private int Read(DateTimeOffset now, Span<Reading> into, double[] scratch)
    {
        int healthy = 0, unhealthy = 0, answered = 0;
        for (int i = 0; i < _count; i++)
        {
            ref readonly var p = ref _ring[(_start + i) % _ring.Length];
            switch (p.Outcome)
            {
                case ProbeOutcome.Healthy: healthy++; scratch[answered++] = p.LatencySeconds; break;
                case ProbeOutcome.Unhealthy: unhealthy++; scratch[answered++] = p.LatencySeconds; break;
            }
        }

        if (_count == 0)
        {
            into[0] = Reading.NoData(Signal.Availability, now, "no probes in window");
            into[1] = Reading.NoData(Signal.ErrorRate, now, "no probes in window");
            into[2] = Reading.NoData(Signal.LatencyP95, now, "no probes in window");
            into[3] = Reading.NoData(Signal.Up, now, "no probes yet");
            return 4;
        }

        var (latestAvailability, latestErrorRate) = Latest(now);
        into[0] = Reading.Of(Signal.Availability, (double)healthy / _count, _count, now) with { Latest = latestAvailability };
        into[1] = answered == 0
            ? Reading.NoData(Signal.ErrorRate, now, "no probe was answered")
            : Reading.Of(Signal.ErrorRate, (double)unhealthy / answered, answered, now) with { Latest = latestErrorRate };
        into[2] = answered == 0
            ? Reading.NoData(Signal.LatencyP95, now, "no probe was answered")
            : Reading.Of(Signal.LatencyP95, Percentile(scratch.AsSpan(0, answered), 0.95), answered, now);
        var last = _ring[(_start + _count - 1) % _ring.Length];
        into[3] = Reading.Of(Signal.Up, last.Outcome == ProbeOutcome.Unreachable ? 0 : 1, 1, now);
        return 4;
    }

    /// <summary>Availability and error rate over the newest tenth of the window, and at least the newest probe.</summary>
    private (double? Availability, double? ErrorRate) Latest(DateTimeOffset now)
    {
        var since = now - _window / LatestShare;
        int all = 0, healthy = 0, unhealthy = 0;
        for (int i = _count - 1; i >= 0; i--)
        {
            ref readonly var p = ref _ring[(_start + i) % _ring.Length];
            if (all > 0 && p.UtcTicks < since.UtcTicks) break;
            all++;
            if (p.Outcome == ProbeOutcome.Healthy) healthy++;
            else if (p.Outcome == ProbeOutcome.Unhealthy) unhealthy++;
        }

        return ((double)healthy / all, healthy + unhealthy == 0 ? null : (double)unhealthy / (healthy + unhealthy));
    }

    private const int LatestShare = 10;

    private void Expire(DateTimeOffset now)
    {
        var cutoff = now - _window;
        while (_count > 0 && _ring[_start].UtcTicks <= cutoff.UtcTicks)
        {
            _start = (_start + 1) % _ring.Length;
            _count--;
        }
    }

    /// <summary>Nearest-rank percentile; sorts the span in place.</summary>
    internal static double Percentile(Span<double> values, double p)
    {
        values.Sort();
        int rank = (int)Math.Ceiling(p * values.Length);
        return values[Math.Clamp(rank - 1, 0, values.Length - 1)];
    }

    /// <summary>
    /// A probe as the ring keeps it, in 16 bytes instead of a <see cref="ProbeResult"/>'s 32: the UTC ticks with the
    /// outcome in the two low bits, and the latency. A window is the second largest thing a service keeps.
    /// </summary>
    private readonly struct Kept(in ProbeResult probe)
    {
        private readonly ulong _word = ((ulong)probe.At.UtcTicks << 2) | (uint)probe.Outcome;

        public double LatencySeconds { get; } = probe.LatencySeconds;

        public long UtcTicks => (long)(_word >> 2);

        public ProbeOutcome Outcome => (ProbeOutcome)(_word & 3);
    }
}
