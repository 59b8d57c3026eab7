using Prometheus;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;

namespace Watchdog.Metrics;

/// <summary>
/// The shadow record as gauges, from the report <see cref="ShadowScores"/> refreshes once a minute: each rule's alarms
/// by verdict and its precision over 7 and 30 days, and each service's missed incidents. A rule's precision before any
/// alarm was decided is absent, not 0 or 1.
/// </summary>
internal sealed class ShadowGauges(IMetricFactory f, ShadowScores shadow)
{
    private readonly GaugeSeries _alarms = new(f.CreateGauge("watchdog_rule_alarms", "A rule's alarms in the shadow record by verdict (confirmed, false, pending, false_rollback), over the span (7d, 30d).", ["rule", "service", "span", "verdict"]));
    private readonly GaugeSeries _precision = new(f.CreateGauge("watchdog_rule_precision", "Confirmed over decided alarms of a rule in the shadow record, over the span (7d, 30d).", ["rule", "service", "span"]));
    private readonly GaugeSeries _missed = new(f.CreateGauge("watchdog_missed_incidents", "A person's rollbacks that no alarm came before within an hour, per service, over the span (7d, 30d).", ["service", "span"]));

    public void Refresh()
    {
        var report = shadow.Report;
        foreach (var (span, scores) in new[] { ("7d", report.Week), ("30d", report.Month) })
        {
            foreach (var s in scores)
            {
                _missed.Set(s.Missed, s.Service, span);
                if (s.Rule == "*") continue;
                _alarms.Set(s.Confirmed, s.Rule, s.Service, span, "confirmed");
                _alarms.Set(s.False, s.Rule, s.Service, span, "false");
                _alarms.Set(s.Pending, s.Rule, s.Service, span, "pending");
                _alarms.Set(s.FalseRollbacks, s.Rule, s.Service, span, "false_rollback");
                if (s.Precision is { } p) _precision.Set(p, s.Rule, s.Service, span);
            }
        }

        _alarms.Sweep();
        _precision.Sweep();
        _missed.Sweep();
    }
}
