using System.Diagnostics;
using System.Diagnostics.Metrics;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Hosting;

namespace Watchdog.Metrics;

/// <summary>Watchdog's own instruments: what each service reads and how each rule stands, poll counts, and the process.</summary>
public sealed class WatchdogMetrics : IDisposable
{
    public const string MeterName = "Watchdog";
    private static readonly ReadingState[] States = Enum.GetValues<ReadingState>();
    private static readonly RuleStatus[] RuleStates = Enum.GetValues<RuleStatus>();
    private static readonly Inconclusion[] Reasons = [.. Enum.GetValues<Inconclusion>().Where(i => i != Inconclusion.None)];
    private readonly Meter _meter = new(MeterName);
    private readonly PrometheusExporter _exporter;
    private readonly Counter<long> _polls;
    private readonly Counter<long> _pollFailures;

    public WatchdogMetrics(WatchdogRuntime runtime)
    {
        // Listening starts before the first instrument exists, so no count is ever missed.
        _exporter = new PrometheusExporter(_meter);
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        _polls = _meter.CreateCounter<long>("watchdog_polls", description: "Polling ticks run, per service.");
        _pollFailures = _meter.CreateCounter<long>("watchdog_poll_failures", description: "Polling ticks that threw, per service.");

        _meter.CreateObservableGauge("watchdog_reading_value", () =>
            runtime.Watches.SelectMany(w => w.Readings.Where(r => r.HasValue).Select(r => Measure(r.Value, w.Service, r))),
            description: "Last measured value per service, signal and source (fractions for rates, seconds for latency).");
        _meter.CreateObservableGauge("watchdog_reading_samples", () =>
            runtime.Watches.SelectMany(w => w.Readings.Select(r => Measure(r.Samples, w.Service, r))),
            description: "Samples behind the last reading per service and signal.");
        _meter.CreateObservableGauge("watchdog_reading_state", () =>
            runtime.Watches.SelectMany(w => w.Readings.SelectMany(r => States.Select(s => new Measurement<int>(r.State == s ? 1 : 0,
                new("service", w.Service), new("signal", Snake(r.Signal)), new("source", r.Source ?? "unknown"), new("state", Snake(s)))))),
            description: "1 for the state of the last reading per service and signal: value, no_data or error.");
        _meter.CreateObservableGauge("watchdog_rule_state", () =>
            runtime.Watches.SelectMany(w => w.Verdicts.SelectMany(v => RuleStates.Select(s => new Measurement<int>(v.Status == s ? 1 : 0,
                new("service", w.Service), new("rule", v.Rule.Name), new("state", Snake(s)))))),
            description: "1 for each rule's current state: inactive, pending, firing or inconclusive.");
        _meter.CreateObservableGauge("watchdog_rule_inconclusive", () =>
            runtime.Watches.SelectMany(w => w.Verdicts.SelectMany(v => Reasons.Select(r => new Measurement<int>(v.Status == RuleStatus.Inconclusive && v.Why == r ? 1 : 0,
                new("service", w.Service), new("rule", v.Rule.Name), new("reason", Snake(r)))))),
            description: "1 for why a rule cannot judge: no_data, source_error, too_few_samples or no_baseline.");
        _meter.CreateObservableGauge("watchdog_rule_baseline", () =>
            runtime.Watches.SelectMany(w => w.Verdicts.Where(v => v.Baseline is not null).Select(v => new Measurement<double>(v.Baseline!.Value,
                new("service", w.Service), new("rule", v.Rule.Name), new("origin", Snake(v.Baseline.Origin))))),
            description: "The baseline a rule compares with, and where it came from: previous_deployment, trailing_window or configured.");
        _meter.CreateObservableGauge("watchdog_source_blind", () =>
            runtime.Watches.SelectMany(w => w.Sources.Select(src => new Measurement<int>(src.Blind ? 1 : 0, new("service", w.Service), new("source", src.Source)))),
            description: "1 while a source has failed too many ticks in a row for Watchdog to see through it.");
        _meter.CreateObservableGauge("watchdog_source_consecutive_errors", () =>
            runtime.Watches.SelectMany(w => w.Sources.Select(src => new Measurement<int>(src.ConsecutiveErrors, new("service", w.Service), new("source", src.Source)))),
            description: "Ticks in a row a source could not be asked.");
        _meter.CreateObservableCounter("watchdog_source_errors_total", () =>
            runtime.Watches.SelectMany(w => w.Sources.Select(src => new Measurement<long>(src.Errors, new("service", w.Service), new("source", src.Source)))),
            description: "Ticks on which a source could not be asked, since start.");
        _meter.CreateObservableGauge("watchdog_pushed_alerts_firing", () =>
            runtime.Watches.Select(w => new Measurement<int>(w.PushedAlerts.Count, new KeyValuePair<string, object?>("service", w.Service))),
            description: "Pushed alerts (Alertmanager, Sentry, manual) firing now.");
        _meter.CreateObservableGauge("watchdog_incident_open", () =>
            runtime.Watches.Select(w => new Measurement<int>(w.OpenIncidentId is null ? 0 : 1, new KeyValuePair<string, object?>("service", w.Service))),
            description: "1 while the service has an open incident.");
        _meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, unit: "bytes", description: "Resident memory size in bytes.");
        _meter.CreateObservableCounter("process_cpu_seconds_total", () => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, description: "Total user and system CPU time spent in seconds.");
        _meter.CreateObservableGauge("process_start_time_seconds", () => new DateTimeOffset(started).ToUnixTimeSeconds(), description: "Start time of the process since unix epoch in seconds.");
        _meter.CreateObservableGauge("watchdog_build_info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", typeof(WatchdogMetrics).Assembly.GetName().Version?.ToString() ?? "0")),
            description: "Always 1; the version label says which build runs.");
    }

    /// <summary>The Prometheus text exposition of every instrument.</summary>
    public string Scrape() => _exporter.Scrape();

    public void Polled(string service, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("service", service);
        _polls.Add(1, tag);
        if (failed) _pollFailures.Add(1, tag);
    }

    private static Measurement<double> Measure(double value, string service, Reading r) =>
        new(value, new("service", service), new("signal", Snake(r.Signal)), new("source", r.Source ?? "unknown"));

    /// <summary>Prometheus label values in snake_case: <c>ErrorRate</c> → <c>error_rate</c>.</summary>
    public static string Snake<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1])) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }
}
