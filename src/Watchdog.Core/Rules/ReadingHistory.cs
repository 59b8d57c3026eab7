namespace Watchdog.Core.Rules;

/// <summary>One tick's reading of a rule's signal, for the status page's chart; <see cref="Value"/> is NaN when the reading had none.</summary>
public readonly record struct HistoryPoint(DateTimeOffset At, double Value);

/// <summary>
/// The last <c>capacity</c> readings of each rule, in a fixed ring per rule: a tick only writes into arrays made
/// at construction. The page reads a copy, taken under the same lock, so it never sees a half-written tick.
/// </summary>
public sealed class ReadingHistory
{
    private readonly Dictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ReadingHistory(IEnumerable<Rule> rules, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        foreach (var rule in rules) _rings.TryAdd(rule.Name, new Ring(capacity));
    }

    /// <summary>One tick's verdicts; indexed, not enumerated, so a tick allocates nothing here.</summary>
    public void Add(IReadOnlyList<Verdict> verdicts)
    {
        lock (_gate)
        {
            for (var i = 0; i < verdicts.Count; i++)
            {
                var v = verdicts[i];
                if (_rings.TryGetValue(v.Rule.Name, out var ring))
                    ring.Add(new HistoryPoint(v.Reading.At, v.Reading.HasValue ? v.Reading.Value : double.NaN));
            }
        }
    }

    /// <summary>The rule's kept readings, oldest first; empty for a rule it does not know.</summary>
    public IReadOnlyList<HistoryPoint> Of(string rule)
    {
        lock (_gate) return _rings.TryGetValue(rule, out var ring) ? ring.Copy() : [];
    }

    // 16 bytes a point rather than the 24 of a HistoryPoint (a DateTimeOffset carries its offset): 120 ticks of 3 rules
    // is the largest thing a service keeps, 5.8 KB instead of 8.6 KB. Times are kept as UTC ticks, which is what the
    // readings' clock gives.
    private readonly record struct Kept(long UtcTicks, double Value);

    private sealed class Ring(int capacity)
    {
        private readonly Kept[] _points = new Kept[capacity];
        private int _start, _count;

        public void Add(in HistoryPoint point)
        {
            if (_count == _points.Length) _start = (_start + 1) % _points.Length;
            else _count++;
            _points[(_start + _count - 1) % _points.Length] = new Kept(point.At.UtcTicks, point.Value);
        }

        public HistoryPoint[] Copy()
        {
            var copy = new HistoryPoint[_count];
            for (var i = 0; i < _count; i++)
            {
                var kept = _points[(_start + i) % _points.Length];
                copy[i] = new HistoryPoint(new DateTimeOffset(kept.UtcTicks, TimeSpan.Zero), kept.Value);
            }

            return copy;
        }
    }
}
