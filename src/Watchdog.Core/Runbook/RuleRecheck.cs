using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>What verification needs to judge the tripped rules again: the service's sources and its rules.</summary>
public sealed class RuleRecheck(SignalIntake intake, IReadOnlyList<Rule> rules, TimeProvider time)
{
    /// <summary>The bad release's samples say nothing about the restored one: from here on, sources measure only it.</summary>
    public void ForgetOldSamples() => intake.Reset();

    /// <summary>Null when no rule of Watchdog's own tripped the incident (a pushed alert, a person).</summary>
    public async Task<IReadOnlyList<Recheck>?> JudgeAsync(Incident incident, CancellationToken ct)
    {
        var tripped = TrippedRules.Of(incident, rules);
        if (tripped.Count == 0) return null;
        IReadOnlyList<Reading> readings = await intake.ReadNowAsync(ct);
        return TrippedRules.Judge(tripped, readings, time.GetUtcNow());
    }
}
