using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Runbook;

public class SignalIntakeTests
{
    private readonly ManualTimeProvider _clock = new(T0);

    /// <summary>A source that answers only when cancelled (a hung Sentry), or at once.</summary>
    private sealed class Source(string name, bool hangs, List<string> calls, TimeSpan? timeout = null) : ISignalSource
    {
        public string Name => name;

        public TimeSpan Timeout => timeout ?? TimeSpan.Zero;

        public async Task<IReadOnlyList<Reading>> ReadAsync(CancellationToken cancellationToken)
        {
            lock (calls) calls.Add(name);
            if (hangs) await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            return [Reading.Of(Signal.Availability, 1, 10, T0) with { Source = name }];
        }

        public void Reset()
        {
        }
    }

    [Fact]
    public async Task Read_AHungSourceDoesNotHoldUpTheOthers_AndIsAnErrorAtItsDeadline()
    {
        var calls = new List<string>();
        var intake = new SignalIntake([new Source("sentry", hangs: true, calls), new Source("health", hangs: false, calls)], 3, TimeSpan.FromSeconds(10), _clock);

        var reading = intake.ReadAsync("api", TimeSpan.FromSeconds(10), CancellationToken.None);
        calls.ShouldBe(["sentry", "health"], "the health probe is asked while Sentry still hangs");
        reading.IsCompleted.ShouldBeFalse();

        var (readings, sight) = await _clock.RunUntil(reading, TimeSpan.FromSeconds(1));

        readings.Select(r => (r.Source, r.State)).ShouldBe([("sentry", ReadingState.Error), ("health", ReadingState.Value)]);
        readings[0].Reason.ShouldBe("sentry gave no reading within 10s");
        sight.ShouldBeEmpty();
        (_clock.GetUtcNow() - T0).ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Read_ASourceThatKeepsMissingItsDeadline_MakesWatchdogBlindOnce()
    {
        var intake = new SignalIntake([new Source("sentry", hangs: true, [])], 2, TimeSpan.FromSeconds(5), _clock);

        var said = new List<NotificationKind>();
        for (var tick = 0; tick < 4; tick++)
            said.AddRange((await _clock.RunUntil(intake.ReadAsync("api", TimeSpan.FromSeconds(10), CancellationToken.None), TimeSpan.FromSeconds(1))).Sight.Select(n => n.Kind));

        said.ShouldBe([NotificationKind.Blind]);
        intake.Sources.ShouldHaveSingleItem().Blind.ShouldBeTrue();
    }

    [Fact]
    public async Task Read_ASourceWhoseOwnLimitIsLongerThanThePollInterval_GetsItsOwnLimit()
    {
        // Sentry with two endpoints of 10 s each, polled every 5 s: cut at 5 s it would go blind on any slow day.
        var intake = new SignalIntake([new Source("sentry", hangs: true, [], timeout: TimeSpan.FromSeconds(20))], 3, TimeSpan.FromSeconds(5), _clock);

        var (readings, _) = await _clock.RunUntil(intake.ReadAsync("api", TimeSpan.FromSeconds(5), CancellationToken.None), TimeSpan.FromSeconds(1));

        readings.ShouldHaveSingleItem().Reason.ShouldBe("sentry gave no reading within 20s");
        (_clock.GetUtcNow() - T0).ShouldBe(TimeSpan.FromSeconds(20));
    }
}
