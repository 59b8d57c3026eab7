using Microsoft.Extensions.Configuration;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary><c>Watchdog:Hooks</c>: the inbound alert webhooks, each off unless its section is there.</summary>
internal static class HooksReader
{
    private const int MinTokenLength = 16;

    /// <summary>Sentry sends an alert as it fires; an hour covers its delivery retries and a slow rule, not a replay a day later.</summary>
    private static readonly TimeSpan DefaultSentryMaxAge = TimeSpan.FromHours(1);

    public static (AlertmanagerHook?, SentryHook?) Read(ConfigReader r, IConfigurationSection hooks)
    {
        var alertmanager = hooks.GetSection("Alertmanager");
        var sentry = hooks.GetSection("Sentry");
        return (alertmanager.Exists() ? ReadAlertmanager(r, alertmanager) : null, sentry.Exists() ? ReadSentry(r, sentry) : null);
    }

    private static AlertmanagerHook ReadAlertmanager(ConfigReader r, IConfigurationSection c)
    {
        r.ReadsInto(c, typeof(AlertMappingOptions));
        var token = r.Secret(c, "Token", required: true) ?? "";
        if (token.Length is > 0 and < MinTokenLength) r.Error(c, "Token", $"must be at least {MinTokenLength} characters");
        var d = new AlertMappingOptions();
        var mapping = new AlertMappingOptions
        {
            ServiceLabels = r.Strings(c, "ServiceLabels"),
            MeaningLabel = r.String(c, "MeaningLabel", d.MeaningLabel),
            SeverityLabel = r.String(c, "SeverityLabel", d.SeverityLabel),
            DefaultMeaning = r.Enum(c, "DefaultMeaning", d.DefaultMeaning ?? Meaning.UsersAffected),
            ReleaseLabel = r.String(c, "ReleaseLabel", d.ReleaseLabel),
        };
        r.Problems(c, AlertOptionsValidator.Problems(mapping));
        return new AlertmanagerHook(token, mapping);
    }

    private static SentryHook ReadSentry(ConfigReader r, IConfigurationSection c)
    {
        r.ReadsInto(c, typeof(SentryMappingOptions));
        var secret = r.Secret(c, "ClientSecret", required: true) ?? "";
        var d = new SentryMappingOptions();
        var mapping = new SentryMappingOptions
        {
            ProjectServices = new(r.Map(c, "ProjectServices"), StringComparer.OrdinalIgnoreCase),
            UseProjectSlugAsService = r.Bool(c, "UseProjectSlugAsService", d.UseProjectSlugAsService),
            CriticalMeaning = r.Enum(c, "CriticalMeaning", d.CriticalMeaning),
            WarningMeaning = r.Enum(c, "WarningMeaning", d.WarningMeaning ?? Meaning.UsersAffected),
            IssueAlertMeaning = r.Enum(c, "IssueAlertMeaning", d.IssueAlertMeaning),
        };
        r.Problems(c, AlertOptionsValidator.Problems(mapping));
        return new SentryHook(secret, mapping, r.Duration(c, "MaxAge", DefaultSentryMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)));
    }
}
