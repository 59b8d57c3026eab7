using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Watchdog.Hosting;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

public class DrillScheduleTests
{
    [Fact]
    public async Task Start_QuarterlyDrill_IsScheduledForTenOnTheFirstTuesdayOfAQuarter()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));
        var settings = InProcessHost.Service(target.Url("health"), poll: "10s");
        settings["Watchdog:Drills:0:Service"] = "api";
        settings["Watchdog:Drills:0:Schedule"] = "0 0 10 ? 1/3 TUE#1";
        settings["Watchdog:Drills:1:Service"] = "api";
        settings["Watchdog:Drills:1:Schedule"] = "0 30 9 ? * MON";
        settings["Watchdog:Drills:1:TimeZone"] = "Europe/Berlin";
        await using var host = await InProcessHost.StartAsync(settings);
        var scheduler = await host.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var quarterly = (await scheduler.GetTrigger(new TriggerKey(DrillJob.Name(0, "api")))).ShouldBeAssignableTo<ICronTrigger>().ShouldNotBeNull();
        var weekly = (await scheduler.GetTrigger(new TriggerKey(DrillJob.Name(1, "api")))).ShouldBeAssignableTo<ICronTrigger>().ShouldNotBeNull();

        var next = quarterly.NextFireTimeUtc.ShouldNotBeNull();
        (next.DayOfWeek, next.Hour, next.Minute, next.Second, next.Offset).ShouldBe((DayOfWeek.Tuesday, 10, 0, 0, TimeSpan.Zero));
        next.Day.ShouldBeLessThanOrEqualTo(7);
        next.Month.ShouldBeOneOf(1, 4, 7, 10);
        (next - DateTimeOffset.UtcNow).ShouldBeLessThan(TimeSpan.FromDays(100));
        var berlin = TimeZoneInfo.ConvertTime(weekly.NextFireTimeUtc.ShouldNotBeNull(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        (berlin.DayOfWeek, berlin.Hour, berlin.Minute).ShouldBe((DayOfWeek.Monday, 9, 30));
        var job = (await scheduler.GetJobDetail(quarterly.JobKey)).ShouldNotBeNull();
        job.JobType.Type.ShouldBe(typeof(DrillJob));
        job.JobDataMap.GetString(DrillJob.ServiceKey).ShouldBe("api");
        quarterly.MisfireInstruction.ShouldBe(CronTriggerMisfireInstruction.DoNothing);
    }

    [Fact]
    public void Build_InvalidSchedule_GivesOneErrorNamingTheKeyAndNoHost()
    {
        var settings = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"));
        settings["Watchdog:Drills:0:Service"] = "api";
        settings["Watchdog:Drills:0:Schedule"] = "quarterly please";

        var app = WatchdogApp.Build([], null, out var errors, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });

        app.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith("Watchdog:Drills:0:Schedule: 'quarterly please' is not a Quartz cron expression");
    }
}
