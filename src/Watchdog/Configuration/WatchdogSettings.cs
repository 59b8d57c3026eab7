using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.PagerDuty;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Vercel;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Slack;
using Watchdog.Integrations.Statuspage;
using Watchdog.Integrations.Teams;
using Watchdog.Integrations.Webhooks;
using Watchdog.Core.Incidents;
using Watchdog.Core.Channels;

namespace Watchdog.Configuration;

/// <summary>The whole validated configuration, read from the <c>Watchdog</c> section.</summary>
public sealed record WatchdogSettings(
    Mode Mode,
    string DataDirectory,
    ResilienceOptions Http,
    NotificationSettings Notifications,
    IReadOnlyList<ServiceSettings> Services)
{
    /// <summary>Bearer token for the write endpoints (manual triggers); null disables them.</summary>
    public string? ApiToken { get; init; }

    /// <summary><c>POST /hooks/alertmanager</c>: the bearer token Alertmanager sends and how its labels map; null turns the hook off.</summary>
    public AlertmanagerHook? Alertmanager { get; init; }

    /// <summary><c>POST /hooks/sentry</c>: the integration's client secret and how projects map; null turns the hook off.</summary>
    public SentryHook? SentryHook { get; init; }

    /// <summary>Signed approve/veto links in messages; null (no <c>Api:PublicUrl</c>) turns them off.</summary>
    public ActionLinkSettings? Links { get; init; }

    /// <summary>Scheduled drills: rehearsals of the runbook against chosen (staging) services.</summary>
    public IReadOnlyList<DrillSettings> Drills { get; init; } = [];

    /// <summary>Every secret value in the configuration, for redaction.</summary>
    public IEnumerable<string?> Secrets =>
        new[] { ApiToken, Alertmanager?.Token, SentryHook?.ClientSecret, Links?.Secret }
            .Concat(Notifications.Slack.Select(s => s.WebhookUrl?.ToString()))
            .Concat(Notifications.Webhooks.Select(w => w.Secret))
            .Concat(Notifications.Statuspage.Select(p => p.ApiKey))
            .Concat(Notifications.Teams.SelectMany(t => new[] { t.WebhookUrl?.OriginalString, t.WebhookUrl is { IsAbsoluteUri: true } u ? u.AbsoluteUri : null }))
            .Concat(Notifications.PagerDuty.Select(p => p.RoutingKey))
            .Concat(Services.SelectMany(s => s.Fallbacks.Prepend(s.Provider).SelectMany(p => p.Secrets)))
            .Concat(Services.SelectMany(s => s.Health.Headers.Values))
            .Concat(Services.Select(s => s.Sentry?.Token))
            .Concat(Services.SelectMany(s => new[] { s.Prometheus?.Token, s.Prometheus?.Password }.Concat(s.Prometheus?.Headers.Values.AsEnumerable() ?? [])))
            .Concat(Services.SelectMany(s => s.SmokeTests.Concat(s.Stabilization.Select(x => x.Http).OfType<HttpCheckOptions>()).SelectMany(c => c.Headers.Values)));
}

/// <param name="PublicUrl">Where people reach Watchdog (behind its proxy); links are built on it.</param>
/// <param name="Secret">The HMAC-SHA256 key that signs action links.</param>
/// <param name="Lifetime">The longest a link stays valid.</param>
public sealed record ActionLinkSettings(Uri PublicUrl, string Secret, TimeSpan Lifetime);

/// <summary>One scheduled drill: the runbook run for real against <see cref="Service"/> on a Quartz cron <see cref="Schedule"/>.</summary>
/// <param name="RollForward">Whether the drill goes back to what was live before it once the rollback is verified.</param>
public sealed record DrillSettings(string Service, string Schedule, bool RollForward, TimeZoneInfo TimeZone);

public sealed record AlertmanagerHook(string Token, AlertMappingOptions Mapping);

public sealed record SentryHook(string ClientSecret, SentryMappingOptions Mapping);

public sealed record NotificationSettings(TimeSpan Timeout, IReadOnlyList<SlackOptions> Slack, IReadOnlyList<WebhookOptions> Webhooks)
{
    /// <summary>Channel name → which messages it gets (<c>Events</c>, <c>MinSeverity</c>, <c>Drills</c>).</summary>
    public IReadOnlyDictionary<string, ChannelRoute> Routes { get; init; } = new Dictionary<string, ChannelRoute>();

    public ChannelRoute RouteOf(string channel) => Routes.GetValueOrDefault(channel) ?? ChannelRoute.All;

    /// <summary>Public status pages kept in step with incidents; only notifications' public text reaches them.</summary>
    public IReadOnlyList<StatuspageOptions> Statuspage { get; init; } = [];
    public IReadOnlyList<TeamsOptions> Teams { get; init; } = [];

    public IReadOnlyList<PagerDutyOptions> PagerDuty { get; init; } = [];
}

/// <summary>One watched service: how to measure it, what trips, and how to roll it back.</summary>
public sealed record ServiceSettings(
    string Name,
    TimeSpan PollInterval,
    HealthOptions Health,
    IReadOnlyList<Rule> Rules,
    IReadOnlyDictionary<string, double> Baselines,
    RunbookSettings Runbook,
    ProviderSettings Provider,
    IReadOnlyList<StabilizationSettings> Stabilization,
    IReadOnlyList<HttpCheckOptions> SmokeTests,
    VerificationOptions Verification)
{
    /// <summary>Prometheus queries for this service; null when no Prometheus is configured or it is turned off here.</summary>
    public PrometheusOptions? Prometheus { get; init; }

    /// <summary>Sentry as a second source of error rate and crash-free sessions; null when not configured.</summary>
    public SentryOptions? Sentry { get; init; }

    /// <summary>Database backup and restore commands; run only when a person asks through the API.</summary>
    public (CommandTaskOptions Backup, CommandTaskOptions Restore)? Database { get; init; }

    /// <summary>Providers tried in order when <see cref="Provider"/> cannot roll back.</summary>
    public IReadOnlyList<ProviderSettings> Fallbacks { get; init; } = [];

    /// <summary>How latency baselines are measured (trailing window, readings needed).</summary>
    public BaselineSettings BaselineSettings { get; init; } = new();
}

/// <summary>One deployment platform: <see cref="Options"/> is the options class of its <see cref="Type"/>.</summary>
public sealed record ProviderSettings(string Type, string Name, object Options)
{
    public IEnumerable<string?> Secrets => Options switch
    {
        CommandProviderOptions c => c.Environment.Values,
        RailwayOptions r => [r.Token],
        VercelOptions v => [v.Token],
        KubernetesOptions k => [k.Token],
        _ => [],
    };
}

/// <summary>A stabilization step: a command, or an HTTP call.</summary>
public sealed record StabilizationSettings(string Name, CommandTaskOptions? Command, HttpCheckOptions? Http);
