using Watchdog.Core.Decisions;
using Watchdog.Core.Incidents;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Decisions;

public class TrippedRulesTests
{
    private static readonly DateTimeOffset Now = T0.AddMinutes(20);

    private static readonly Rule Latency = new("latency", Signal.LatencyP95, Comparison.AboveBaselineBy, 0.5, TimeSpan.FromMinutes(5), 10, Meaning.Performance);

    private static readonly Rule SentryErrors = new("sentry-errors", Signal.ErrorRate, Comparison.Above, 0.10, TimeSpan.FromMinutes(5), 10, Meaning.UsersAffected) { Source = "sentry" };

    private static Recheck JudgeOne(Trigger trigger, Rule rule, params Reading[] readings) =>
        TrippedRules.Judge([(trigger, rule)], readings, Now).ShouldHaveSingleItem();

    [Theory]
    [InlineData(0.30, RecheckStatus.Breaching, "error-rate still breached since the rollback: measured 30")]
    [InlineData(0.02, RecheckStatus.Clear, "error-rate clear since the rollback: measured 2")]
    [InlineData(0.10, RecheckStatus.Clear, "clear")] // at the threshold is not above it
    public void Judge_AValueNow_IsJudgedWithoutWaitingOutTheRulesFor(double rate, RecheckStatus expected, string line)
    {
        var r = JudgeOne(ErrorRateTrigger(), ErrorRate, Reading.Of(Signal.ErrorRate, rate, 200, Now));

        r.Status.ShouldBe(expected);
        r.Line.ShouldContain(line);
    }

    [Theory]
    [InlineData(ReadingState.NoData, "no requests since the reset")]
    [InlineData(ReadingState.Error, "sentry answered 401")]
    public void Judge_NothingMeasured_IsUnknownNeverClear(ReadingState state, string reason)
    {
        var reading = state == ReadingState.NoData ? Reading.NoData(Signal.ErrorRate, Now, reason) : Reading.Error(Signal.ErrorRate, Now, reason);

        var r = JudgeOne(ErrorRateTrigger(), ErrorRate, reading);

        r.Status.ShouldBe(RecheckStatus.Unknown);
        r.Line.ShouldContain(reason);
    }

    [Fact]
    public void Judge_TooFewSamples_IsUnknownAndSaysHowMany()
    {
        var r = JudgeOne(ErrorRateTrigger(), ErrorRate, Reading.Of(Signal.ErrorRate, 0.5, 3, Now));

        r.Status.ShouldBe(RecheckStatus.Unknown);
        r.Line.ShouldContain("only 3 samples, need 10");
    }

    [Fact]
    public void Judge_BaselineRule_UsesTheBaselineItTrippedOn()
    {
        var trigger = Firing(Latency, 0.9, T0, T0.AddMinutes(5), baseline: 0.3);

        JudgeOne(trigger, Latency, Reading.Of(Signal.LatencyP95, 0.5, 50, Now)).Status.ShouldBe(RecheckStatus.Breaching);
        JudgeOne(trigger, Latency, Reading.Of(Signal.LatencyP95, 0.4, 50, Now)).Status.ShouldBe(RecheckStatus.Clear);
    }

    [Fact]
    public void Judge_RuleWithASource_ReadsOnlyThatSource()
    {
        var trigger = Firing(SentryErrors, 0.3, T0, T0.AddMinutes(5));

        // The health probe measures no errors; Sentry still measures 30%: the rollback did not help.
        var r = JudgeOne(trigger, SentryErrors,
            Reading.Of(Signal.ErrorRate, 0.0, 100, Now) with { Source = "health" },
            Reading.Of(Signal.ErrorRate, 0.3, 100, Now.AddSeconds(-5)) with { Source = "sentry" });

        r.Status.ShouldBe(RecheckStatus.Breaching);
        r.Line.ShouldContain("(sentry)");
    }

    [Fact]
    public void Of_TheIncidentsOwnRulesOnly_OncePerRule()
    {
        var pushed = Tripped(Meaning.UsersAffected, source: "alertmanager:HighErrorRate");
        var incident = new Incident("inc-1", "api", Mode.Auto, pushed, T0.AddMinutes(5));
        incident.Decide(new Decision(RunbookAction.Rollback, "error rate too", ErrorRateTrigger()), T0.AddMinutes(5));

        TrippedRules.Of(incident, Rule.Defaults).ShouldHaveSingleItem().Rule.Name.ShouldBe("error-rate");
        TrippedRules.Of(DecidedIncident(T0.AddMinutes(5)), Rule.Defaults).ShouldHaveSingleItem().Rule.Name.ShouldBe("error-rate");
    }
}
