using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Rules.Judge;

/// <summary>A judged verdict downstream: the incident's trigger and every message carry the test; a judge still gathering is excused from health.</summary>
public sealed class JudgedVerdictTests
{
    private static readonly Rule Judged = new("slower", Signal.LatencyP95, Comparison.RegressedFrom, 0, TimeSpan.Zero, 1, Meaning.Performance) { Judge = new JudgeSettings() };

    private static readonly Judgement Regressed = new(JudgeOutcome.Regressed, "v2 (dep-2)",
        [new("previous release v1 (dep-1), 240 healthy readings until 11-21 02:59Z", new RankTest(6100, 2.9, 0.0019, 0.0071, 40, 240))], 2, 6, 0.02 / 6, 0, null);

    private static Verdict Verdict(RuleStatus status, Judgement judgement, Inconclusion why = Inconclusion.None) =>
        new(Judged, status, Reading.Of(Signal.LatencyP95, 0.31, 100, T0), status == RuleStatus.Firing ? T0 : null, why, null) { Judgement = judgement };

    [Fact]
    public void TriggerFrom_JudgedVerdict_CarriesTheJudgementAndNoThreshold()
    {
        var trigger = Trigger.From(Verdict(RuleStatus.Firing, Regressed));

        trigger.Judgement.ShouldBe(Regressed);
        trigger.Threshold.ShouldBeNull();
        trigger.Summary.ShouldContain("U=6100, p=0.0019 ≤ 0.0033 (look 2 of 6), shift +7 ms, n=40 vs 240 (previous release v1 (dep-1)");
    }

    [Fact]
    public void Alert_JudgedIncident_SaysTheStatisticPValueAndEffectInItsFacts()
    {
        var incident = new Incident("inc-j", "shop", Mode.Auto, Trigger.From(Verdict(RuleStatus.Firing, Regressed)), T0);

        var facts = Messages.Alert(incident, "monitor and fix forward").Facts;

        facts.ShouldContain(f => f.Key == "Judged" && f.Value.StartsWith("U=6100, p=0.0019", StringComparison.Ordinal));
        facts.ShouldNotContain(f => f.Key == "Threshold");
    }

    [Fact]
    public void AllClear_JudgeStillGatheringTheReleasesReadings_IsExcused()
    {
        var gathering = Judgement.Inconclusive("v2 (dep-2)", 0, new JudgeSettings(), "only 3 readings of v2 (dep-2) so far, needs 20");
        Verdict[] verdicts = [
            new(ErrorRate, RuleStatus.Inactive, Reading.Of(Signal.ErrorRate, 0, 100, T0), null, Inconclusion.None, null),
            Verdict(RuleStatus.Inconclusive, gathering, Inconclusion.TooFewReadings),
        ];

        Health.AllClear(verdicts).ShouldBeTrue();
    }
}
