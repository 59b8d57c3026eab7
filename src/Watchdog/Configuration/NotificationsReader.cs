using Microsoft.Extensions.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Configuration;
using Watchdog.Core.Channels;

namespace Watchdog.Configuration;

/// <summary>
/// <c>Watchdog:Notifications</c>: each registered channel kind's list, read by its module, and every channel's route
/// (<c>Events</c>, <c>MinSeverity</c>, <c>Drills</c>) over its kind's defaults.
/// </summary>
internal static class NotificationsReader
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The channels read, kept by kind with their sections for the checks that need the services.</summary>
    public sealed record Result(NotificationSettings Settings, IReadOnlyList<Kind> Kinds);

    public sealed record Kind(INotifierModule Module, IConfigurationSection List, IReadOnlyList<(IConfigurationSection Section, Configured<INotifier> Channel)> Channels);

    public static Result Read(ConfigReader r, IConfigurationSection s, ReadScope scope, IntegrationRegistry modules)
    {
        var timeout = r.Duration(s, "Timeout", DefaultTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        var routes = new Dictionary<string, ChannelRoute>(StringComparer.OrdinalIgnoreCase);
        var kinds = modules.Notifiers.Select(m =>
        {
            var list = s.GetSection(m.Section);
            var channels = r.List(s, m.Section).Select(c =>
            {
                var channel = m.Bind(r, c, scope)!;
                ReadRoute(r, c, channel.Name, m.DefaultRoute, routes);
                return (c, channel);
            }).ToList();
            return new Kind(m, list, channels);
        }).ToList();
        var settings = new NotificationSettings(timeout, [.. kinds.SelectMany(k => k.Channels.Select(c => c.Channel))]) { Routes = routes };
        return new Result(settings, kinds);
    }

    /// <summary>Each kind's checks across its channels and against the services, once the services are read.</summary>
    public static void Check(ConfigReader r, Result read, IReadOnlyList<ServiceSettings> services)
    {
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in read.Kinds) kind.Module.Check(r, kind.List, kind.Channels, names);
    }

    /// <summary>A channel's <c>Events</c>, <c>MinSeverity</c> and <c>Drills</c>, over the defaults of its kind; names must be unique.</summary>
    private static void ReadRoute(ConfigReader r, IConfigurationSection c, string name, ChannelRoute defaults, Dictionary<string, ChannelRoute> routes)
    {
        var events = defaults.Events;
        if (r.Strings(c, "Events") is { } listed)
        {
            var kinds = new HashSet<NotificationKind>();
            foreach (var e in listed)
            {
                if (Enum.TryParse<NotificationKind>(e, ignoreCase: true, out var kind) && !int.TryParse(e, out _)) kinds.Add(kind);
                else r.Error(c, "Events", $"'{e}' is not an event ({string.Join(", ", Enum.GetNames<NotificationKind>())})");
            }

            events = kinds;
        }

        var route = new ChannelRoute(events, r.Enum(c, "MinSeverity", defaults.MinSeverity), r.Bool(c, "Drills", defaults.Drills));
        if (!routes.TryAdd(name, route))
            r.Error(c, "Name", $"channel name '{name}' is used by another channel; give each a distinct Name (results and routes are per name)");
    }
}
