using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Webhooks;

/// <summary>Signed generic JSON webhooks: each entry of <c>Notifications:Webhooks</c>.</summary>
public sealed class WebhookModule() : NotifierModule<WebhookOptions>("Webhook", WebhookOptionsValidator.Problems, o => o.Name, o => [o.Secret])
{
    public override string Section => "Webhooks";

    protected override WebhookOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        Url = Uri.TryCreate(r.String(s, "Url"), UriKind.Absolute, out var u) ? u : null,
        Secret = r.Secret(s, "Secret"),
    };

    protected override INotifier Create(WebhookOptions options, IntegrationContext context, ReadScope scope) =>
        new WebhookNotifier(context.Outbound(), options, context.Time, context.Logs.CreateLogger<WebhookNotifier>());
}
