using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Quartz.Impl.Triggers;
using Watchdog.Core.Runbook;
using Watchdog.Hosting;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

public class PollScheduleTests
{
    // A whole number of intervals since the epoch, and far enough ahead that nothing fires during the test.
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Start_EachServiceLooksAtOnce_ThenPollsAtItsPhase_RepeatingAtItsInterval()
    {
        var settings = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"), name: "svc-0", poll: "10s");
        foreach (var (name, n) in new[] { ("svc-1", 1), ("checkout", 2) })
        {
            foreach (var (key, value) in InProcessHost.Service(new Uri("http://127.0.0.1:9/health"), name: name, poll: n == 2 ? "30s" : "10s"))
                settings[key.Replace("Services:0:", $"Services:{n}:", StringComparison.Ordinal)] = value;
        }

        await using var host = await InProcessHost.StartAsync(settings, new ManualTimeProvider(Now));
        var scheduler = await host.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        foreach (var (name, interval) in new[] { ("svc-0", 10), ("svc-1", 10), ("checkout", 30) })
        {
            var every = TimeSpan.FromSeconds(interval);
            var triggers = (await scheduler.GetTriggersOfJob(new JobKey("poll-" + name))).Cast<ISimpleTrigger>().OrderBy(t => t.StartTimeUtc).ToList();
            triggers.Count.ShouldBe(2);
            var (look, poll) = (triggers[0], triggers[1]);
            // Three services: the first round is spread over 60 ms, each at once after the start.
            (look.StartTimeUtc - Now).ShouldBeLessThan(TimeSpan.FromMilliseconds(60));
            look.RepeatCount.ShouldBe(0);
            look.MisfireInstruction.ShouldBe(SimpleTriggerMisfireInstruction.FireNow);
            // Then at the phase, at least half an interval on (counted from a whole number of intervals since the epoch).
            poll.StartTimeUtc.ShouldBe(Now + PollPhase.Of(name, every) + (PollPhase.Of(name, every) < every / 2 ? every : TimeSpan.Zero));
            poll.RepeatInterval.ShouldBe(every);
            poll.RepeatCount.ShouldBe(SimpleTriggerImpl.RepeatIndefinitely);
            poll.MisfireInstruction.ShouldBe(SimpleTriggerMisfireInstruction.NextWithRemainingCount);
        }

        var starts = await Task.WhenAll(new[] { "svc-0", "svc-1" }.Select(async n => (await scheduler.GetTriggersOfJob(new JobKey("poll-" + n))).Max(t => t.StartTimeUtc)));
        starts.Distinct().Count().ShouldBe(2);
        typeof(PollJob).IsDefined(typeof(DisallowConcurrentExecutionAttribute), inherit: false).ShouldBeTrue();
    }

    [Fact]
    public async Task Start_ThreadPoolHasASlotForEveryPollThatCanBeWaitingAtOnce()
    {
        var settings = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"), poll: "10s");
        await using var host = await InProcessHost.StartAsync(settings, new ManualTimeProvider(Now));
        var scheduler = await host.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        // One service, a 2 s timeout every 10 s: 0.2 of a slot, rounded up, over Quartz's 10.
        (await scheduler.GetMetadata()).ThreadPoolSize.ShouldBe(PollSlots.Minimum + 1);
    }
}
