using Microsoft.Extensions.Hosting;
using Quartz;
using Watchdog.Configuration;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>
/// Puts every service's poll on the scheduler before it starts, in one call. Not through <c>AddQuartz</c>'s
/// <c>AddJob</c>/<c>AddTrigger</c>: each of those keeps a container registration with its own copy of the job and the
/// trigger for the life of the process (about 2 KB a service, measured on a heap dump of 5,000 services).
/// </summary>
public sealed class PollSchedule(ISchedulerFactory schedulers, WatchdogSettings settings, TimeProvider time) : IHostedService
{
    private const string Prefix = "poll-";

    public static JobKey Job(string service) => new(Prefix + service);

    /// <summary>The service a poll job is for (its key's name after the prefix); null for any other job.</summary>
    public static ReadOnlySpan<char> ServiceOf(JobKey job) =>
        job.Name.StartsWith(Prefix, StringComparison.Ordinal) ? job.Name.AsSpan(Prefix.Length) : [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var now = time.GetUtcNow();
        var polls = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>(settings.Services.Count);
        foreach (var service in settings.Services)
        {
            var job = JobBuilder.Create<PollJob>().WithIdentity(Job(service.Name)).Build();
            // A tick missed while the process was busy is skipped, not replayed in a burst. Each service starts at its
            // own phase within the interval (a hash of its name), so a fleet is probed a few at a time, not all at once.
            var trigger = TriggerBuilder.Create().ForJob(job).StartAt(PollPhase.FirstAt(service.Name, service.PollInterval, now))
                .WithSimpleSchedule(s => s.WithInterval(service.PollInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            polls[job] = [trigger];
        }

        await scheduler.ScheduleJobs(polls, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
