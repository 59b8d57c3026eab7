using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Slack;

/// <summary>Slack incoming webhooks: each entry of <c>Notifications:Slack</c>.</summary>
public sealed class SlackModule : NotifierModule<SlackOptions>
{
    public override string Type => "Slack";

    protected override SlackOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new SlackOptions();
        var o = new SlackOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            WebhookUrl = Uri.TryCreate(r.Secret(s, "WebhookUrl"), UriKind.Absolute, out var u) ? u : null,
            Channel = r.String(s, "Channel"),
            Username = r.String(s, "Username"),
            IconEmoji = r.String(s, "IconEmoji"),
            IncidentUrlBase = r.Url(s, "IncidentUrlBase"),
        };
        r.Problems(s, SlackOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(SlackOptions options) => options.Name;

    /// <summary>The webhook URL is the credential.</summary>
    protected override IEnumerable<string?> SecretsOf(SlackOptions options) => [options.WebhookUrl?.ToString()];

    protected override INotifier Create(SlackOptions options, IntegrationContext context, ReadScope scope) =>
        new SlackNotifier(context.Outbound(), options, context.Logs.CreateLogger<SlackNotifier>());
}
