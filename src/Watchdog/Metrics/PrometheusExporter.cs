using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Watchdog.Metrics;

/// <summary>
/// Renders the instruments of one <see cref="Meter"/> in the Prometheus text exposition format 0.0.4.
/// prometheus-net cannot be restored here; this is the one place a library would replace.
/// Counters are summed as measurements arrive; observable gauges are sampled at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<string, double>> _counters = new();
    private readonly Lock _scrape = new();
    private Dictionary<Instrument, Dictionary<string, double>>? _gauges;

    /// <param name="meter">The one meter to export: listeners are process-wide, and matching by name would mix in any other meter of that name.</param>
    public PrometheusExporter(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string Scrape()
    {
        lock (_scrape)
        {
            _gauges = [];
            _listener.RecordObservableInstruments();
            var sb = new StringBuilder(4096);
            foreach (var (instrument, series) in _gauges.OrderBy(g => g.Key.Name, StringComparer.Ordinal))
                Write(sb, instrument, IsCounter(instrument) ? "counter" : "gauge", series);
            foreach (var (instrument, series) in _counters.OrderBy(c => c.Key.Name, StringComparer.Ordinal))
                Write(sb, instrument, "counter", series);
            _gauges = null;
            return sb.ToString();
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = Labels(tags);
        if (instrument.IsObservable)
        {
            if (_gauges is { } g)
            {
                var series = g.TryGetValue(instrument, out var s) ? s : g[instrument] = [];
                series[key] = value;
            }

            return;
        }

        _counters.GetOrAdd(instrument, _ => new()).AddOrUpdate(key, value, (_, old) => old + value);
    }

    private static bool IsCounter(Instrument i) =>
        i.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() is var d && (d == typeof(ObservableCounter<>) || d == typeof(Counter<>));

    private static void Write(StringBuilder sb, Instrument instrument, string type, IReadOnlyDictionary<string, double> series)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        if (type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        sb.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Description ?? name)).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
            sb.Append(name).Append(labels).Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var sb = new StringBuilder("{");
        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(sorted[i].Key).Append("=\"").Append(EscapeLabel(Convert.ToString(sorted[i].Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return sb.Append('}').ToString();
    }

    private static string Format(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabel(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public void Dispose() => _listener.Dispose();
}
