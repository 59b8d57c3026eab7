using System.Diagnostics;

namespace Watchdog.Testing;

public static class ClockExtensions
{
    /// <summary>
    /// How long the timers must stay untouched before the clock moves. Code under test runs on other
    /// threads: moving the clock while it is between two waits (another timer pending, its own not yet set)
    /// would start its next wait a step late, and a measured duration would come out a step long.
    /// </summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(2);

    private const int QuietYields = 8;

    /// <summary>
    /// Drives code that waits on <paramref name="clock"/> (Task.Delay, CancelAfter): once it is waiting on
    /// a timer and has left the timers alone for a moment, moves the clock on by <paramref name="step"/>;
    /// otherwise yields so it can run. Throws if the task needs more than <paramref name="maxAdvances"/> steps.
    /// </summary>
    public static async Task RunUntil(this ManualTimeProvider clock, Task task, TimeSpan step, int maxAdvances = 10_000)
    {
        int advances = 0, idle = 0, quietYields = 0;
        var seen = clock.TimerChanges;
        var since = Stopwatch.GetTimestamp();
        while (!task.IsCompleted)
        {
            var changes = clock.TimerChanges;
            if (changes != seen)
            {
                (seen, since, quietYields) = (changes, Stopwatch.GetTimestamp(), 0);
            }
            else if (clock.PendingTimers > 0 && ++quietYields >= QuietYields && Stopwatch.GetElapsedTime(since) >= Quiet)
            {
                if (++advances > maxAdvances)
                    throw new InvalidOperationException($"Task still running after advancing the clock {maxAdvances} times by {step}.");
                clock.Advance(step);
                (seen, since, quietYields, idle) = (clock.TimerChanges, Stopwatch.GetTimestamp(), 0, 0);
            }
            else if (clock.PendingTimers == 0 && ++idle > 5_000_000)
            {
                throw new InvalidOperationException("Task neither completes nor waits on the clock.");
            }

            await Task.Yield();
        }

        await task;
    }

    public static async Task<T> RunUntil<T>(this ManualTimeProvider clock, Task<T> task, TimeSpan step, int maxAdvances = 10_000)
    {
        await clock.RunUntil((Task)task, step, maxAdvances);
        return await task;
    }
}
