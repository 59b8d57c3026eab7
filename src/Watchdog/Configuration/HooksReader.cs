using Microsoft.Extensions.Configuration;
using Watchdog.Core.Rules;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.DeployHooks;

namespace Watchdog.Configuration;

/// <summary><c>Watchdog:Hooks</c>: the inbound alert webhooks, each off unless its section is there.</summary>
internal static class HooksReader
{
    private const int MinTokenLength = 16;

    /// <summary>Sentry sends an alert as it fires; an hour covers its delivery retries and a slow rule, not a replay a day later.</summary>
    private static readonly TimeSpan DefaultSentryMaxAge = TimeSpan.FromHours(1);

    /// <summary>Railway's path token is the only secret of its hook: long enough not to be guessed, and safe in a URL path.</summary>
    private const int MinPathTokenLength = 32;

    /// <summary>A deploy event is news for minutes; an hour covers the senders' retries (Vercel's go on for 24 h: the live check has seen the truth by then).</summary>
    private static readonly TimeSpan DefaultDeployMaxAge = TimeSpan.FromHours(1);

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

    /// <summary><c>Hooks:Vercel</c>, <c>Hooks:GitHub</c>, <c>Hooks:Railway</c>: the deploy-event webhooks.</summary>
    public static DeployHookSettings ReadDeploys(ConfigReader r, IConfigurationSection hooks)
    {
        var vercel = hooks.GetSection("Vercel");
        var github = hooks.GetSection("GitHub");
        var railway = hooks.GetSection("Railway");
        return new DeployHookSettings(
            vercel.Exists() ? new VercelDeployHookSettings(Secret(r, vercel), r.Map(vercel, "Projects"), DeployMaxAge(r, vercel)) : null,
            github.Exists() ? new GitHubDeployHookSettings(Secret(r, github), ReadGitHubDeployments(r, github), DeployMaxAge(r, github)) : null,
            railway.Exists() ? new RailwayDeployHookSettings(PathToken(r, railway), DeployMaxAge(r, railway)) : null);
    }

    /// <summary>Every service a deploy hook names must be watched; Railway's hook needs a Railway provider to confirm through.</summary>
    public static void CheckDeploys(ConfigReader r, IConfigurationSection hooks, DeployHookSettings deploys, IReadOnlyList<ServiceSettings> services)
    {
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (deploys.Vercel is { } vercel)
        {
            foreach (var (project, service) in vercel.Projects.Where(p => !names.Contains(p.Value)))
                r.Error(hooks.GetSection("Vercel:Projects"), project, $"names service '{service}', which is not watched");
        }

        foreach (var entry in deploys.GitHub is null ? [] : r.List(hooks.GetSection("GitHub"), "Deployments"))
        {
            if (entry["Service"] is { Length: > 0 } service && !names.Contains(service))
                r.Error(entry, "Service", $"'{service}' is not a watched service");
        }

        if (deploys.Railway is not null && !services.Any(s => DeployTargets.RailwayOf(s).Any()))
            r.Error(hooks, "Railway", "is set, but no service has a Railway provider (Provider or Fallbacks) to confirm events through");
    }

    /// <summary><c>Hooks:LaunchDarkly</c>, <c>Hooks:Unleash</c>: the flag-change webhooks.</summary>
    public static FlagHookSettings ReadFlags(ConfigReader r, IConfigurationSection hooks)
    {
        var launchDarkly = hooks.GetSection("LaunchDarkly");
        var unleash = hooks.GetSection("Unleash");
        return new FlagHookSettings(
            launchDarkly.Exists() ? new FlagHookSecret(Secret(r, launchDarkly), DeployMaxAge(r, launchDarkly)) : null,
            unleash.Exists() ? new FlagHookToken(Secret(r, unleash, "Token"), DeployMaxAge(r, unleash)) : null);
    }

    /// <summary>A flag hook is only of use to a service whose <c>Flags</c> are at that service: the hook routes by its project and environment.</summary>
    public static void CheckFlags(ConfigReader r, IConfigurationSection hooks, FlagHookSettings flags, IReadOnlyList<ServiceSettings> services)
    {
        if (flags.LaunchDarkly is not null && !services.Any(s => s.Flags?.Options is Integrations.LaunchDarkly.LaunchDarklyOptions))
            r.Error(hooks, "LaunchDarkly", "is set, but no service has LaunchDarkly flags (Services:N:Flags:Type LaunchDarkly) for its changes to be of");
        if (flags.Unleash is not null && !services.Any(s => s.Flags?.Options is Integrations.Unleash.UnleashOptions))
            r.Error(hooks, "Unleash", "is set, but no service has Unleash flags (Services:N:Flags:Type Unleash) for its changes to be of");
    }

    private static string Secret(ConfigReader r, IConfigurationSection c, string key = "Secret")
    {
        var secret = r.Secret(c, key, required: true) ?? "";
        if (secret.Length is > 0 and < MinTokenLength) r.Error(c, key, $"must be at least {MinTokenLength} characters");
        return secret;
    }

    private static string PathToken(ConfigReader r, IConfigurationSection c)
    {
        var token = r.Secret(c, "Token", required: true) ?? "";
        if (token.Length is > 0 and < MinPathTokenLength) r.Error(c, "Token", $"must be at least {MinPathTokenLength} characters: it is all that guards the hook");
        else if (token.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')))
            r.Error(c, "Token", "may hold only letters, digits, '-' and '_': it goes in the URL path");
        return token;
    }

    private static TimeSpan DeployMaxAge(ConfigReader r, IConfigurationSection c) =>
        r.Duration(c, "MaxAge", DefaultDeployMaxAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

    private static Dictionary<string, string> ReadGitHubDeployments(ConfigReader r, IConfigurationSection c)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = r.List(c, "Deployments");
        if (list.Count == 0) r.Error(c, "Deployments", "is empty: name at least one repository, environment and service");
        foreach (var entry in list)
        {
            var repository = r.String(entry, "Repository", required: true);
            var environment = r.String(entry, "Environment", "production")!;
            var service = r.String(entry, "Service", required: true);
            if (repository is not null && repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                r.Error(entry, "Repository", $"must be owner/name (was '{repository}')");
            else if (repository is not null && service is not null && !map.TryAdd(GitHubDeployHook.Identity(repository, environment), service))
                r.Error(entry, "Repository", $"{repository} with environment {environment} is mapped twice");
        }

        return map;
    }
}
