using Microsoft.Extensions.Configuration;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary><c>Watchdog:Api</c>: the write endpoints' token and the signed approve/veto links.</summary>
internal static class ApiReader
{
    private const int MinTokenLength = 16;

    /// <summary>The link secret signs with HMAC-SHA256: shorter keys are guessable offline from one link.</summary>
    private const int MinLinkSecretLength = 32;

    private static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromHours(1);

    public static (string? Token, string? ReadToken, ActionLinkSettings? Links) Read(ConfigReader r, IConfigurationSection api)
    {
        var token = r.Secret(api, "Token");
        if (token is { Length: < MinTokenLength })
            r.Error(api, "Token", $"must be at least {MinTokenLength} characters");
        var read = r.Secret(api, "ReadToken");
        if (read is { Length: < MinTokenLength })
            r.Error(api, "ReadToken", $"must be at least {MinTokenLength} characters");
        else if (read is not null && read == token)
            r.Error(api, "ReadToken", "must differ from Token: a reader must not be able to act");
        return (token, read, ReadLinks(r, api));
    }

    private static ActionLinkSettings? ReadLinks(ConfigReader r, IConfigurationSection api)
    {
        var urlSet = !string.IsNullOrWhiteSpace(api["PublicUrl"]);
        var url = r.Url(api, "PublicUrl");
        if (url is not null && (url.Query.Length > 0 || url.Fragment.Length > 0))
            r.Error(api, "PublicUrl", "must not have a query or fragment: links are built on it");
        var secret = r.Secret(api, "LinkSecret", required: urlSet);
        var lifetime = r.Duration(api, "LinkLifetime", DefaultLinkLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        if (secret is { Length: < MinLinkSecretLength })
            r.Error(api, "LinkSecret", $"must be at least {MinLinkSecretLength} characters: it signs the approve and veto links");
        if (secret is not null && !urlSet)
            r.Error(api, "PublicUrl", "is required when LinkSecret is set: links are built on it");
        return url is not null && secret is not null ? new ActionLinkSettings(url, secret, lifetime) : null;
    }
}
