using Watchdog.Core.Rules;

namespace Watchdog.Core.Decisions;

public static class Health
{
    /// <summary>
    /// Whether the rules show the service healthy. That needs evidence from every rule: one that cannot
    /// see (no data, source error, too few samples) keeps an incident open. Only a missing baseline is
    /// excused, as it may never come; so is a judge still gathering a new release's readings, which the readings
    /// the other rules judge already show.
    /// </summary>
    public static bool AllClear(IReadOnlyList<Verdict> verdicts) =>
        verdicts.Any(v => v.Status == RuleStatus.Inactive)
        && verdicts.All(v => v.Status == RuleStatus.Inactive || v is { Status: RuleStatus.Inconclusive, Why: Inconclusion.NoBaseline or Inconclusion.TooFewReadings });
}
