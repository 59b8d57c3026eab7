using Prometheus;

namespace Watchdog.Metrics;

/// <summary>
/// A gauge whose series are what the runtime shows at scrape time: each round sets the series it sees, and any
/// series not set again is removed, so a reading that lost its value or a rule that went away stops being exported.
/// </summary>
internal sealed class GaugeSeries(Gauge gauge)
{
    private readonly HashSet<string[]> _live = new(LabelsComparer.Instance);
    private readonly HashSet<string[]> _seen = new(LabelsComparer.Instance);

    public void Set(double value, params string[] labels)
    {
        gauge.WithLabels(labels).Set(value);
        _seen.Add(labels);
    }

    /// <summary>Ends a round: the series not set in it are unpublished.</summary>
    public void Sweep()
    {
        foreach (var stale in _live.Where(l => !_seen.Contains(l)).ToList()) gauge.RemoveLabelled(stale);
        _live.Clear();
        _live.UnionWith(_seen);
        _seen.Clear();
    }

    private sealed class LabelsComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelsComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] labels)
        {
            var hash = new HashCode();
            foreach (var l in labels) hash.Add(l, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}
