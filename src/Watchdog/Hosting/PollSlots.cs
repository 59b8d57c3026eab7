using Quartz;
using Watchdog.Configuration;

namespace Watchdog.Hosting;

/// <summary>
/// How many polls may run at once: Quartz's thread pool (10 by default) limits the jobs executing together, and a poll
/// holds its slot until its probe answers or times out. With a fixed 10, a fleet of 5,000 services polled every 10 s
/// needs each poll done within 20 ms, and ten hung peers stall every other service. A slot for every poll that can be
/// waiting at once (each service's probe timeout over its interval, summed) keeps one slow peer from delaying the rest;
/// the pool runs async jobs, so an idle slot costs nothing.
/// </summary>
public static class PollSlots
{
    /// <summary>Quartz's own default: a small fleet keeps it.</summary>
    public const int Minimum = 10;

    /// <summary>How early a poll may start to share the scheduler's round with the one due before it.</summary>
    public static readonly TimeSpan FireAhead = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Polls due within <see cref="FireAhead"/> of each other are taken and fired in one round of the scheduler rather
    /// than one round each: at 500 polls a second, a round is a wake-up of the scheduler's thread and of the pool's.
    /// </summary>
    public static void Batch(QuartzSchedulerOptions options, int slots)
    {
        options.MaxBatchSize = Math.Min(slots, 100);
        options.BatchTriggerAcquisitionFireAheadTimeWindow = FireAhead;
    }

    public static int For(IReadOnlyList<ServiceSettings> services)
    {
        var waiting = services.Sum(s => Math.Min(1.0, s.Health.Timeout / s.PollInterval));
        // Drills share the pool: room for them on top.
        return Minimum + (int)Math.Ceiling(waiting);
    }
}
