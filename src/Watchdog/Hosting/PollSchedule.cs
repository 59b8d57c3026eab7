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
            // One look right after the start, then every interval at the service's own phase (a hash of its name), so a
            // fleet is probed a few at a time, not all at once. A tick missed while the process was busy is skipped, not
            // replayed in a burst.
            var first = PollPhase.FirstLook(service.Name, service.PollInterval, now, settings.Services.Count);
            var look = TriggerBuilder.Create().ForJob(job).StartAt(first)
                .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            var every = TriggerBuilder.Create().ForJob(job).StartAt(PollPhase.AfterFirstLook(service.Name, service.PollInterval, first))
                .WithSimpleSchedule(s => s.WithInterval(service.PollInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            polls[job] = [look, every];
        }

        await scheduler.ScheduleJobs(polls, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
