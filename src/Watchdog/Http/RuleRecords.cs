using Watchdog.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;

namespace Watchdog.Http;

/// <summary>
/// <c>GET /api/rules</c>: each service's rules (and the pushed alerts that opened incidents) with their autonomy and
/// their shadow record over 7 and 30 days, from the report <see cref="Hosting.ShadowScores"/> keeps fresh.
/// </summary>
public static class RuleRecords
{
    /// <summary>How many of a rule's newest alarms are listed with their reasons.</summary>
    public const int AlarmsShown = 10;

    public static async Task<RuleRecordView[]> OfAsync(ShadowReport report, WatchdogSettings settings, ILedger ledger, CancellationToken ct)
    {
        var rows = new List<RuleRecordView>();
        foreach (var s in settings.Services)
        {
            var names = s.Rules.Select(r => r.Name)
                .Concat(report.Month.Where(x => x.Service == s.Name && x.Rule != "*").Select(x => x.Rule))
                .Distinct(StringComparer.Ordinal);
            foreach (var rule in names)
            {
                var configured = s.Runbook.Autonomy.TryGetValue(rule, out var a) ? a : (Autonomy?)null;
                var earned = configured == Autonomy.Earned ? await ledger.GetAsync(AutonomyBook.Scope, $"{s.Name}/{rule}", ct) : null;
                rows.Add(new RuleRecordView(s.Name, rule, configured?.ToString(), earned?.Split('\t')[0], earned?.Split('\t').ElementAtOrDefault(2),
                    Score(report.Week, s.Name, rule), Score(report.Month, s.Name, rule),
                    [.. report.Alarms.Where(x => x.Service == s.Name && x.Rule == rule).OrderByDescending(x => x.FiredAt).Take(AlarmsShown)
                        .Select(x => new AlarmView(x.IncidentId, x.FiredAt, x.WouldDo?.ToString(), x.Did, x.Verdict.ToString(), x.FalseRollback, x.Why))]));
            }
        }

        return [.. rows];
    }

    /// <summary>The rule's line, or the service's misses alone when the rule had no alarm in the span.</summary>
    private static ScoreView Score(IReadOnlyList<RuleScore> scores, string service, string rule)
    {
        var missed = scores.FirstOrDefault(x => x.Service == service)?.Missed ?? 0;
        return scores.FirstOrDefault(x => x.Service == service && x.Rule == rule) is { } r
            ? new ScoreView(r.Confirmed, r.False, r.Pending, r.FalseRollbacks, r.Missed, r.Precision)
            : new ScoreView(0, 0, 0, 0, missed, null);
    }
}
