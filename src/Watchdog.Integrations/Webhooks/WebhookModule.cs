using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Webhooks;

/// <summary>Signed generic JSON webhooks: each entry of <c>Notifications:Webhooks</c>.</summary>
public sealed class WebhookModule : NotifierModule<WebhookOptions>
{
    public override string Type => "Webhook";

    public override string Section => "Webhooks";

    protected override WebhookOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var o = new WebhookOptions
        {
            Name = r.String(s, "Name", new WebhookOptions().Name)!,
            Url = Uri.TryCreate(r.String(s, "Url"), UriKind.Absolute, out var u) ? u : null,
            Secret = r.Secret(s, "Secret"),
        };
        r.Problems(s, WebhookOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(WebhookOptions options) => options.Name;

    protected override IEnumerable<string?> SecretsOf(WebhookOptions options) => [options.Secret];

    protected override INotifier Create(WebhookOptions options, IntegrationContext context, ReadScope scope) =>
        new WebhookNotifier(context.Outbound(), options, context.Time, context.Logs.CreateLogger<WebhookNotifier>());
}
