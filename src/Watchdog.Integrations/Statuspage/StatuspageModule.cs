using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Http;

namespace Watchdog.Integrations.Statuspage;

/// <summary>Atlassian Statuspage pages kept in step with incidents: each entry of <c>Notifications:Statuspage</c>.</summary>
public sealed class StatuspageModule() : NotifierModule<StatuspageOptions>("Statuspage", StatuspageOptionsValidator.Problems, o => o.Name, o => [o.ApiKey])
{
    /// <summary>A public page: the team gets no approve links there.</summary>
    public override bool ReachesPeople => false;

    protected override StatuspageOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = Defaults;
        var o = new StatuspageOptions
        {
            ApiKey = r.Secret(s, "ApiKey"),
            PageId = r.String(s, "PageId"),
            BaseUrl = r.Url(s, "BaseUrl") ?? d.BaseUrl,
            Name = r.String(s, "Name", d.Name)!,
            Components = r.Map(s, "Components"),
            DeliverNotifications = r.Bool(s, "DeliverNotifications", d.DeliverNotifications),
        };
        ReadBySeverity(r, s, "Impact", o.Impact);
        ReadBySeverity(r, s, "ComponentStatus", o.ComponentStatus);
        return o;
    }

    /// <summary>One channel per page; and a component mapped to no service is a typo that would leave the page unmarked.</summary>
    protected override void Check(ConfigReader r, IConfigurationSection list, IReadOnlyList<(IConfigurationSection Section, StatuspageOptions Options)> channels, IReadOnlyCollection<string> services)
    {
        ArgumentNullException.ThrowIfNull(r);
        foreach (var dup in channels.GroupBy(c => c.Options.PageId, StringComparer.Ordinal).Where(g => g.Key is not null && g.Count() > 1))
            r.Error(list, $"page '{dup.Key}' is configured {dup.Count()} times; each page takes one channel");
        foreach (var (section, options) in channels)
        {
            foreach (var service in options.Components.Keys.Where(k => !services.Contains(k, StringComparer.OrdinalIgnoreCase)))
                r.Error(section.GetSection("Components"), service, $"no service is named '{service}'");
        }
    }

    /// <remarks>Statuspage's limit is per API key: pages sharing a key share one pacer.</remarks>
    protected override INotifier Create(StatuspageOptions options, IntegrationContext context, ReadScope scope) =>
        new StatuspageNotifier(context.Outbound(), options, context.Ledger, context.Time, context.Logs.CreateLogger<StatuspageNotifier>(),
            context.Shared((typeof(StatuspageNotifier), options.ApiKey), () => new RequestPacer(StatuspageNotifier.MinInterval, context.Time)));

    /// <summary>A map keyed by severity name (<c>Impact:Critical</c>) laid over its defaults.</summary>
    private static void ReadBySeverity(ConfigReader r, IConfigurationSection c, string key, Dictionary<Severity, string> values)
    {
        foreach (var (name, value) in r.Map(c, key))
        {
            if (Enum.TryParse<Severity>(name, ignoreCase: true, out var severity) && Enum.IsDefined(severity) && !int.TryParse(name, out _))
                values[severity] = value;
            else
                r.Error(c.GetSection(key), name, $"is not a severity ({string.Join(", ", Enum.GetNames<Severity>())})");
        }
    }
}
