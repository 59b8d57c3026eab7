namespace Watchdog.Core.Runbook;

/// <summary>
/// Earned autonomy: a rule starts by asking, and acts on its own only after <c>earnAfter</c> confirmed alarms in a row
/// with no false rollback and no false alarm among them; one false rollback (or any false alarm) starts the count
/// again, back at asking. Pending alarms do not count either way.
/// </summary>
public static class EarnedAutonomy
{
    /// <param name="alarms">The rule's alarms on one service, any order.</param>
    public static (bool MayAct, string Why) Assess(IEnumerable<AlarmOutcome> alarms, int earnAfter)
    {
        var decided = alarms.Where(a => a.Verdict != AlarmVerdict.Pending).OrderBy(a => a.FiredAt).ToList();
        var (streak, falseRollbacks, falseAlarms) = (0, 0, 0);
        foreach (var a in decided)
        {
            if (a.FalseRollback) falseRollbacks++;
            else if (a.Verdict == AlarmVerdict.False) falseAlarms++;
            streak = a.Verdict == AlarmVerdict.Confirmed ? streak + 1 : 0;
        }

        var confirmed = decided.Count(a => a.Verdict == AlarmVerdict.Confirmed);
        var record = $"{confirmed} confirmed, {falseAlarms} false alarm{(falseAlarms == 1 ? "" : "s")}, {falseRollbacks} false rollback{(falseRollbacks == 1 ? "" : "s")} in the journal";
        if (streak >= earnAfter) return (true, $"{streak} confirmed in a row since its last false alarm (needs {earnAfter}); {record}");
        var last = decided.LastOrDefault(a => a.Verdict == AlarmVerdict.False);
        return (false, $"{streak} of {earnAfter} confirmed in a row{(last is null ? "" : $" since {(last.FalseRollback ? "a false rollback" : "a false alarm")} on {last.FiredAt:yyyy-MM-dd} ({last.Why})")}; {record}");
    }
}
