using Watchdog.Core.Rules;

namespace Watchdog.Core.Decisions;

public static class Health
{
    /// <summary>
    /// Whether the rules show the service healthy. That needs evidence from every rule: one that cannot
    /// see (no data, source error, too few samples) keeps an incident open. Only a missing baseline is
    /// excused; it may never come.
    /// </summary>
    public static bool AllClear(IReadOnlyList<Verdict> verdicts) =>
        verdicts.Any(v => v.Status == RuleStatus.Inactive)
        && verdicts.All(v => v.Status == RuleStatus.Inactive || v is { Status: RuleStatus.Inconclusive, Why: Inconclusion.NoBaseline });
}
