namespace Watchdog.Testing;

public static class ClockExtensions
{
    /// <summary>
    /// Drives code that waits on <paramref name="clock"/> (Task.Delay, CancelAfter): whenever it is
    /// waiting on a timer, moves the clock on by <paramref name="step"/>; otherwise yields so it can run.
    /// Never waits on the wall clock. Throws if the task needs more than <paramref name="maxAdvances"/> steps.
    /// </summary>
    public static async Task RunUntil(this ManualTimeProvider clock, Task task, TimeSpan step, int maxAdvances = 10_000)
    {
        int advances = 0, idle = 0;
        while (!task.IsCompleted)
        {
            if (clock.PendingTimers > 0)
            {
                if (++advances > maxAdvances)
                    throw new InvalidOperationException($"Task still running after advancing the clock {maxAdvances} times by {step}.");
                clock.Advance(step);
                idle = 0;
            }
            else if (++idle > 5_000_000)
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
