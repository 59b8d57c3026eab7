using Watchdog.Core.Signals;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;

namespace Watchdog.Core.Decisions;

/// <summary>A rule changing state during a replay, and what the policy would have decided when it fired.</summary>
public sealed record BacktestEvent(DateTimeOffset At, string Rule, RuleStatus From, RuleStatus To, string Explanation, Decision? Decision);

/// <summary>
/// Replays rules over past readings exactly as the live loop judges them, tick by tick, so a
/// threshold can be tried on last week's incident before it is trusted at 3 a.m.
/// </summary>
public static class Backtest
{
    /// <param name="readings">Readings in time order; those with the same timestamp make one tick.</param>
    public static IReadOnlyList<BacktestEvent> Replay(IReadOnlyList<Rule> rules, IReadOnlyDictionary<string, double> baselines,
        IReadOnlyDictionary<string, string> flags, IEnumerable<Reading> readings)
    {
        var set = new RuleSet(rules, baselines);
        var last = rules.Select(_ => RuleStatus.Inactive).ToArray();
        var events = new List<BacktestEvent>();
        foreach (var tick in readings.GroupBy(r => r.At).OrderBy(g => g.Key))
        {
            IReadOnlyList<Reading> batch = [.. tick];
            var verdicts = set.Evaluate(batch, tick.Key);
            set.Baselines.Observe(batch, verdicts, incidentOpen: false, tick.Key); // the trailing baseline learns from history as it would have live
            var firing = new List<Trigger>();
            for (var i = 0; i < verdicts.Length; i++)
                if (verdicts[i].IsFiring) firing.Add(Trigger.From(verdicts[i]));
            for (var i = 0; i < verdicts.Length; i++)
            {
                var v = verdicts[i];
                if (v.Status == last[i]) continue;
                var decision = v.IsFiring ? RunbookPolicy.Decide(firing, flags) : null;
                events.Add(new BacktestEvent(tick.Key, v.Rule.Name, last[i], v.Status, v.Explain(), decision));
                last[i] = v.Status;
            }
        }

        return events;
    }
}
