using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Core.Tests.Fakes;

namespace Watchdog.Core.Tests.Runbook;

/// <summary>A rule's <c>For</c> is timed by the ticks' schedule, as Prometheus times <c>for:</c> by its evaluations.</summary>
public class TickScheduleTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1), For = TimeSpan.FromSeconds(20);

    private static readonly Rule Down = new("down", Signal.Availability, Comparison.Below, 0.95, For, 1, Meaning.ServiceDown);

    /// <summary>A probe that takes as long as it is told, on the test's clock, and then measures the service down.</summary>
    private sealed class SlowProbe(ManualTimeProvider clock) : ISignalSource
    {
        public TimeSpan Takes { get; set; }

        public string Name => "health";

        public Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
        {
            clock.Advance(Takes);
            return Task.FromResult<IReadOnlyList<Reading>>([Reading.Of(Signal.Availability, 0, 10, clock.GetUtcNow())]);
        }

        public void Reset() { }
    }

    [Fact]
    public async Task Tick_FirstBreachAnsweredLate_FiresAtTheTickScheduledForLater()
    {
        var w = new WatchHarness(Mode.DryRun, rules: [Down]);
        w.R.Settings = w.R.Settings with { PollInterval = Poll };
        var probe = new SlowProbe(w.R.Clock);
        using var watch = new ServiceWatch(w.R.Runbook, new RuleSet([Down], null, null), [probe], w.R.Store, w.R.Fanout, w.R.Redactor, w.R.Clock, CancellationToken.None);
        var first = w.R.Clock.GetUtcNow();

        // The first breach's probe answers after 40 ms, every later one after 5 ms: by the readings' own times the tick
        // scheduled 20 s after the first has seen 19.965 s of breach.
        for (var tick = 0; tick <= 20; tick++)
        {
            var scheduled = first + tick * Poll;
            w.R.Clock.Advance(scheduled - w.R.Clock.GetUtcNow());
            probe.Takes = TimeSpan.FromMilliseconds(tick == 0 ? 40 : 5);
            await watch.TickAsync(CancellationToken.None, scheduled);
            watch.Verdicts[0].Status.ShouldBe(tick < 20 ? RuleStatus.Pending : RuleStatus.Firing, $"tick {tick}");
        }
    }

    [Fact]
    public async Task Tick_ScheduleFromAnotherClock_JudgesAtTheTicksStartInstead()
    {
        var w = new WatchHarness(Mode.DryRun, rules: [Down]);
        w.R.Settings = w.R.Settings with { PollInterval = Poll };
        var probe = new SlowProbe(w.R.Clock) { Takes = TimeSpan.FromMilliseconds(30) };
        using var watch = new ServiceWatch(w.R.Runbook, new RuleSet([Down], null, null), [probe], w.R.Store, w.R.Fanout, w.R.Redactor, w.R.Clock, CancellationToken.None);
        var start = w.R.Clock.GetUtcNow();

        await watch.TickAsync(CancellationToken.None, start - TimeSpan.FromHours(3));

        watch.Verdicts[0].Since.ShouldBe(start);
    }
}
