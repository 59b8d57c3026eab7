using Microsoft.Extensions.Configuration;
using Watchdog.Configuration;

namespace Watchdog.Tests.Configuration;

public class DrillSettingsTests
{
    private static (WatchdogSettings? Settings, IReadOnlyList<string> Errors) Load(params (string Key, string? Value)[] drill)
    {
        var values = new Dictionary<string, string?>
        {
            ["Watchdog:Services:0:Name"] = "staging-api",
            ["Watchdog:Services:0:Health:Url"] = "http://127.0.0.1:3000/health",
            ["Watchdog:Services:0:Provider:List"] = "cat deployments",
            ["Watchdog:Services:0:Provider:Current"] = "cat live",
            ["Watchdog:Services:0:Provider:Rollback"] = "deploy {target}",
        };
        foreach (var (k, v) in drill) values["Watchdog:Drills:0:" + k] = v;
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors);
        return (settings, errors);
    }

    [Fact]
    public void Load_QuarterlyDrill_DefaultsToRollingForwardOnUtc()
    {
        var (settings, errors) = Load(("Service", "Staging-API"), ("Schedule", "0 0 10 ? 1/3 TUE#1"));

        errors.ShouldBeEmpty();
        var drill = settings!.Drills.ShouldHaveSingleItem();
        drill.Service.ShouldBe("staging-api"); // the service's own spelling, for the runtime's lookups
        drill.Schedule.ShouldBe("0 0 10 ? 1/3 TUE#1");
        drill.RollForward.ShouldBeTrue();
        drill.TimeZone.ShouldBe(TimeZoneInfo.Utc);
    }

    [Fact]
    public void Load_NoDrills_IsNoDrills() => Load().Settings!.Drills.ShouldBeEmpty();

    [Theory]
    [InlineData("every quarter")]
    [InlineData("0 0 10 ? 13 TUE")]
    [InlineData("0 10 * * 2")] // Unix cron: no seconds field
    public void Load_ScheduleThatIsNotQuartzCron_IsOneErrorNamingTheKey(string schedule)
    {
        var (settings, errors) = Load(("Service", "staging-api"), ("Schedule", schedule));

        settings.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith($"Watchdog:Drills:0:Schedule: '{schedule}' is not a Quartz cron expression");
    }

    [Fact]
    public void Load_ScheduleThatNeverFires_SaysSo()
    {
        var (_, errors) = Load(("Service", "staging-api"), ("Schedule", "0 0 10 30 2 ? 2020"));

        errors.ShouldBe(["Watchdog:Drills:0:Schedule: '0 0 10 30 2 ? 2020' never fires"]);
    }

    [Fact]
    public void Load_UnknownServiceMissingScheduleBadZoneAndRollForward_OneErrorEach()
    {
        var (_, errors) = Load(("Service", "production"), ("TimeZone", "Mars/Olympus"), ("RollForward", "sometimes"), ("Shedule", "0 0 10 ? 1/3 TUE#1"));

        errors.ShouldBe([
            "Watchdog:Drills:0:Service: 'production' is not a configured service (services: staging-api)",
            "Watchdog:Drills:0:TimeZone: 'Mars/Olympus' is not a time zone this machine knows (use an IANA name such as Europe/Berlin, or UTC)",
            "Watchdog:Drills:0:Schedule: is required",
            "Watchdog:Drills:0:RollForward: 'sometimes' is not true or false",
            "Watchdog:Drills:0:Shedule: unknown key (check its spelling against the README's configuration reference)",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Load_RollForwardOffInBerlin_IsKept()
    {
        var (settings, errors) = Load(("Service", "staging-api"), ("Schedule", "0 30 9 ? * MON"), ("RollForward", "false"), ("TimeZone", "Europe/Berlin"));

        errors.ShouldBeEmpty();
        settings!.Drills[0].RollForward.ShouldBeFalse();
        settings.Drills[0].TimeZone.Id.ShouldBe("Europe/Berlin");
    }
}
