using Watchdog.Core.Ports;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Health;

/// <summary>
/// Probes a service's health endpoint once per <see cref="ReadAsync"/> and reports availability,
/// error rate, p95 latency and up/down over the last <see cref="HealthOptions.Window"/>.
/// </summary>
public sealed class HealthProbeSource : ISignalSource
{
    private readonly HealthOptions _options;
    private readonly HealthProbe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ProbeWindow _window;
    private ProbeOutcome? _last;
    private int _generation;

    /// <param name="http">A client without retries or circuit breaking: every failure is a measurement.</param>
    public HealthProbeSource(HttpClient http, HealthOptions options, TimeProvider time, ILogger<HealthProbeSource> logger)
    {
        _options = options;
        _probe = new HealthProbe(http, options, time);
        _time = time;
        _logger = logger;
        _window = NewWindow();
    }

    public string Name => _options.Name;

    /// <summary>One round is one request at a time (or several at once): the per-request limit.</summary>
    public TimeSpan Timeout => _options.Timeout;

    public async Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
    {
        int generation;
        lock (_gate) generation = _generation;
        var report = await _probe.RunAsync(cancellationToken);
        LogTransition(report);

        var readings = new Reading[4];
        // Reset runs on the runbook's task, possibly while a tick probes: the window is not thread-safe,
        // and a probe begun before the reset measured the old deployment, so it is left out.
        lock (_gate)
        {
            if (generation == _generation && report.Outcome != ProbeOutcome.Unreadable) _window.Add(report.Result);
            _window.Read(_time.GetUtcNow(), readings);
        }

        // An answer that could not be read measured nothing: this tick is an Error with its reason, never "down".
        if (report.Outcome == ProbeOutcome.Unreadable)
            for (var i = 0; i < readings.Length; i++) readings[i] = Reading.Error(readings[i].Signal, readings[i].At, $"health probe answer unreadable: {report.Detail}");

        for (var i = 0; i < readings.Length; i++) readings[i] = readings[i] with { Source = Name, Window = _options.Window };
        return readings;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _window = NewWindow();
            _last = null;
            _generation++;
        }
    }

    private ProbeWindow NewWindow() => new(_options.Window, _options.EffectiveCapacity);

    // Made once, when a first line is written: a healthy probe after a healthy one writes none, and made per probe it
    // was a string allocated 500 times a second in a fleet.
    private string ShownUrl => _shownUrl ??= SafeUrl.Display(_probe.Url);
    private string? _shownUrl;

    private void LogTransition(in ProbeReport report)
    {
        ProbeOutcome? before;
        lock (_gate)
        {
            before = _last;
            _last = report.Outcome;
        }

        if (report.Outcome == ProbeOutcome.Healthy)
        {
            if (before is not null and not ProbeOutcome.Healthy)
                Log.ProbeRecovered(_logger, Name, ShownUrl, report.Detail);
        }
        else if (before == report.Outcome)
        {
            Log.ProbeStillFailing(_logger, Name, ShownUrl, report.Outcome, report.Detail);
        }
        else
        {
            Log.ProbeFailed(_logger, Name, ShownUrl, report.Outcome, report.Detail);
        }
    }
}
