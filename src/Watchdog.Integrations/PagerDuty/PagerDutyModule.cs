using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.PagerDuty;

/// <summary>PagerDuty's Events API v2: each entry of <c>Notifications:PagerDuty</c>. It pages, so by default it gets only what needs a person.</summary>
public sealed class PagerDutyModule : NotifierModule<PagerDutyOptions>
{
    public override string Type => "PagerDuty";

    public override ChannelRoute DefaultRoute => ChannelRoute.Pager;

    protected override PagerDutyOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new PagerDutyOptions();
        var o = new PagerDutyOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            RoutingKey = r.Secret(s, "RoutingKey"),
            BaseUrl = r.Url(s, "BaseUrl") ?? d.BaseUrl,
        };
        r.Problems(s, PagerDutyOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(PagerDutyOptions options) => options.Name;

    protected override IEnumerable<string?> SecretsOf(PagerDutyOptions options) => [options.RoutingKey];

    protected override INotifier Create(PagerDutyOptions options, IntegrationContext context, ReadScope scope) =>
        new PagerDutyNotifier(context.Outbound(), options, context.Time, context.Logs.CreateLogger<PagerDutyNotifier>());
}
