using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Slack;

/// <summary>Slack incoming webhooks: each entry of <c>Notifications:Slack</c>. The webhook URL is the credential.</summary>
public sealed class SlackModule() : NotifierModule<SlackOptions>("Slack", SlackOptionsValidator.Problems, o => o.Name, o => [o.WebhookUrl?.ToString()])
{
    protected override SlackOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        WebhookUrl = Uri.TryCreate(r.Secret(s, "WebhookUrl"), UriKind.Absolute, out var u) ? u : null,
        Channel = r.String(s, "Channel"),
        Username = r.String(s, "Username"),
        IconEmoji = r.String(s, "IconEmoji"),
        IncidentUrlBase = r.Url(s, "IncidentUrlBase"),
    };

    protected override INotifier Create(SlackOptions options, IntegrationContext context, ReadScope scope) =>
        new SlackNotifier(context.Outbound(), options, context.Logs.CreateLogger<SlackNotifier>());
}
