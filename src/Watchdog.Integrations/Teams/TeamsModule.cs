using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Teams;

/// <summary>Microsoft Teams webhooks: each entry of <c>Notifications:Teams</c>.</summary>
public sealed class TeamsModule : NotifierModule<TeamsOptions>
{
    public override string Type => "Teams";

    protected override TeamsOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var o = new TeamsOptions
        {
            Name = r.String(s, "Name", new TeamsOptions().Name)!,
            // Relative parses too, so a malformed value is reported as such by the validator rather than as missing.
            WebhookUrl = Uri.TryCreate(r.Secret(s, "WebhookUrl"), UriKind.RelativeOrAbsolute, out var u) ? u : null,
        };
        r.Problems(s, TeamsOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(TeamsOptions options) => options.Name;

    /// <summary>The URL as written and as normalized: either may be echoed.</summary>
    protected override IEnumerable<string?> SecretsOf(TeamsOptions options) =>
        [options.WebhookUrl?.OriginalString, options.WebhookUrl is { IsAbsoluteUri: true } u ? u.AbsoluteUri : null];

    protected override INotifier Create(TeamsOptions options, IntegrationContext context, ReadScope scope) =>
        new TeamsNotifier(context.Outbound(), options, context.Logs.CreateLogger<TeamsNotifier>());
}
