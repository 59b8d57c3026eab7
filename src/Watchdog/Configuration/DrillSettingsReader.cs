using Microsoft.Extensions.Configuration;
using Quartz;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary>Reads <c>Watchdog:Drills</c>: which services are rehearsed, on which Quartz cron schedule.</summary>
internal static class DrillSettingsReader
{
    public static List<DrillSettings> Read(ConfigReader r, IConfigurationSection root, IReadOnlyList<ServiceSettings> services, DateTimeOffset now) =>
        [.. r.List(root, "Drills").Select(d => ReadOne(r, d, services, now))];

    private static DrillSettings ReadOne(ConfigReader r, IConfigurationSection d, IReadOnlyList<ServiceSettings> services, DateTimeOffset now)
    {
        var name = r.String(d, "Service", required: true);
        var service = services.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (name is not null && service is null)
            r.Error(d, "Service", $"'{name}' is not a configured service (services: {string.Join(", ", services.Select(s => s.Name))})");

        var zoneName = r.String(d, "TimeZone", "UTC")!;
        var zone = TimeZoneInfo.Utc;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found))
            r.Error(d, "TimeZone", $"'{zoneName}' is not a time zone this machine knows (use an IANA name such as Europe/Berlin, or UTC)");
        else zone = found;

        var schedule = r.String(d, "Schedule", required: true);
        if (schedule is not null)
        {
            // Checked here rather than when Quartz builds the trigger, so a typo is a config error naming its key.
            if (!CronExpression.TryParse(schedule, out var cron))
                r.Error(d, "Schedule", $"'{schedule}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 10 ? 1/3 TUE#1\" for 10:00 on the first Tuesday of every quarter)");
            else if (cron.WithTimeZone(zone).GetNextValidTimeAfter(now) is null)
                r.Error(d, "Schedule", $"'{schedule}' never fires");
        }

        return new DrillSettings(service?.Name ?? name ?? "", schedule ?? "", r.Bool(d, "RollForward", true), zone);
    }
}
