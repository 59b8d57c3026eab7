using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Teams;

/// <summary>
/// Microsoft Teams webhooks: each entry of <c>Notifications:Teams</c>. The URL is the credential, masked as written
/// and as normalized: either may be echoed.
/// </summary>
public sealed class TeamsModule() : NotifierModule<TeamsOptions>(
    "Teams", TeamsOptionsValidator.Problems, o => o.Name, o => [o.WebhookUrl?.OriginalString, o.WebhookUrl is { IsAbsoluteUri: true } u ? u.AbsoluteUri : null])
{
    protected override TeamsOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        // Relative parses too, so a malformed value is reported as such by the validator rather than as missing.
        WebhookUrl = Uri.TryCreate(r.Secret(s, "WebhookUrl"), UriKind.RelativeOrAbsolute, out var u) ? u : null,
    };

    protected override INotifier Create(TeamsOptions options, IntegrationContext context, ReadScope scope) =>
        new TeamsNotifier(context.Outbound(), options, context.Logs.CreateLogger<TeamsNotifier>());
}
