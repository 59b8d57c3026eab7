using Watchdog.Core.Ports;
using Watchdog.Core.Channels;

namespace Watchdog.Integrations.PagerDuty;

/// <summary>PagerDuty's Events API v2: each entry of <c>Notifications:PagerDuty</c>. It pages, so by default it gets only what needs a person.</summary>
public sealed class PagerDutyModule() : NotifierModule<PagerDutyOptions>("PagerDuty", PagerDutyOptionsValidator.Problems, o => o.Name, o => [o.RoutingKey])
{
    public override ChannelRoute DefaultRoute => ChannelRoute.Pager;

    protected override PagerDutyOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        RoutingKey = r.Secret(s, "RoutingKey"),
        BaseUrl = r.Url(s, "BaseUrl") ?? Defaults.BaseUrl,
    };

    protected override INotifier Create(PagerDutyOptions options, IntegrationContext context, ReadScope scope) =>
        new PagerDutyNotifier(context.Outbound(), options, context.Time, context.Logs.CreateLogger<PagerDutyNotifier>());
}
