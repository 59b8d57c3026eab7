using System.Diagnostics;
using Prometheus;
using Watchdog.Configuration;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Hosting;
using static Watchdog.Metrics.WatchdogMetrics;

namespace Watchdog.Metrics;

/// <summary>
/// What each service reads and how each rule stands, copied from the runtime just before every collection:
/// these are states, not events, so they are sampled when Prometheus asks. Label names are declared in
/// alphabetical order, which is the order the exposition has always had.
/// </summary>
internal sealed class LiveGauges
{
    private static readonly ReadingState[] States = Enum.GetValues<ReadingState>();
    private static readonly RuleStatus[] RuleStates = Enum.GetValues<RuleStatus>();
    private static readonly Inconclusion[] Reasons = [.. Enum.GetValues<Inconclusion>().Where(i => i != Inconclusion.None)];
    private readonly WatchdogRuntime _runtime;
    private readonly GaugeSeries _value, _samples, _readingState, _ruleState, _inconclusive, _baseline, _blind, _consecutive;
    private readonly Counter _sourceErrors;
    private readonly Gauge _pushed, _open, _held, _resident, _storeUp;
    private readonly Counter _cpu;

    public LiveGauges(IMetricFactory f, WatchdogRuntime runtime, WatchdogSettings settings)
    {
        _runtime = runtime;
        GaugeSeries Series(string name, string help, params string[] labels) => new(f.CreateGauge(name, help, labels));
        _value = Series("watchdog_reading_value", "Last measured value per service, signal and source (fractions for rates, seconds for latency).", "service", "signal", "source");
        _samples = Series("watchdog_reading_samples", "Samples behind the last reading per service and signal.", "service", "signal", "source");
        _readingState = Series("watchdog_reading_state", "1 for the state of the last reading per service and signal: value, no_data or error.", "service", "signal", "source", "state");
        _ruleState = Series("watchdog_rule_state", "1 for each rule's current state: inactive, pending, firing or inconclusive.", "rule", "service", "state");
        _inconclusive = Series("watchdog_rule_inconclusive", "1 for why a rule cannot judge: no_data, source_error, too_few_samples or no_baseline.", "reason", "rule", "service");
        _baseline = Series("watchdog_rule_baseline", "The baseline a rule compares with, and where it came from: previous_deployment, trailing_window or configured.", "origin", "rule", "service");
        _blind = Series("watchdog_source_blind", "1 while a source has failed too many ticks in a row for Watchdog to see through it.", "service", "source");
        _consecutive = Series("watchdog_source_consecutive_errors", "Ticks in a row a source could not be asked.", "service", "source");
        _sourceErrors = f.CreateCounter("watchdog_source_errors_total", "Ticks on which a source could not be asked, since start.", ["service", "source"]);
        _pushed = f.CreateGauge("watchdog_pushed_alerts_firing", "Pushed alerts (Alertmanager, Sentry, manual) firing now.", ["service"]);
        _open = f.CreateGauge("watchdog_incident_open", "1 while the service has an open incident.", ["service"]);
        _storeUp = f.CreateGauge("watchdog_store_up", "1 while the journal (SQLite or PostgreSQL) answers and takes writes; 0 while it cannot be reached or used, when Watchdog decides nothing.");
        _held = f.CreateGauge("watchdog_lease_held", "1 while this instance holds the service's lease (polls and acts for it); the instances sharing a journal sum to 1 per service.", ["service"]);
        // The three process metrics of before, not the library's DotNetStats: its eight more cost 4 ms a scrape (measured).
        _resident = f.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        _cpu = f.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        using (var self = Process.GetCurrentProcess())
            f.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.").Set(new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeSeconds());
        f.CreateGauge("watchdog_build_info", "Always 1; the version label says which build runs (as --version prints it).", ["version"]).WithLabels(BuildVersion.Current).Set(1);
        foreach (var s in settings.Services)
        {
            _pushed.WithLabels(s.Name).Set(0);
            _open.WithLabels(s.Name).Set(0);
            foreach (var source in s.Sources) _sourceErrors.WithLabels(s.Name, source.Name);
        }
    }

    public void Refresh()
    {
        foreach (var w in _runtime.Watches)
        {
            foreach (var r in w.Readings)
            {
                var (signal, source) = (Snake(r.Signal), r.Source ?? "unknown");
                if (r.HasValue) _value.Set(r.Value, w.Service, signal, source);
                _samples.Set(r.Samples, w.Service, signal, source);
                foreach (var s in States) _readingState.Set(r.State == s ? 1 : 0, w.Service, signal, source, Snake(s));
            }

            foreach (var v in w.Verdicts)
            {
                foreach (var s in RuleStates) _ruleState.Set(v.Status == s ? 1 : 0, v.Rule.Name, w.Service, Snake(s));
                foreach (var why in Reasons) _inconclusive.Set(v.Status == RuleStatus.Inconclusive && v.Why == why ? 1 : 0, Snake(why), v.Rule.Name, w.Service);
                if (v.Baseline is { } b) _baseline.Set(b.Value, Snake(b.Origin), v.Rule.Name, w.Service);
            }

            foreach (var src in w.Sources)
            {
                _blind.Set(src.Blind ? 1 : 0, w.Service, src.Source);
                _consecutive.Set(src.ConsecutiveErrors, w.Service, src.Source);
                _sourceErrors.WithLabels(w.Service, src.Source).IncTo(src.Errors);
            }

            _pushed.WithLabels(w.Service).Set(w.PushedAlerts.Count);
            _open.WithLabels(w.Service).Set(w.OpenIncidentId is null ? 0 : 1);
            _held.WithLabels(w.Service).Set(w.Fence?.Watches == true ? 1 : 0);
        }

        _storeUp.Set(_runtime.Journal.Up ? 1 : 0);
        foreach (var s in (GaugeSeries[])[_value, _samples, _readingState, _ruleState, _inconclusive, _baseline, _blind, _consecutive]) s.Sweep();
        _resident.Set(Environment.WorkingSet);
        using var process = Process.GetCurrentProcess();
        _cpu.IncTo(process.TotalProcessorTime.TotalSeconds);
    }
}
