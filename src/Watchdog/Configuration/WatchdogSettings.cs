using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Alerts;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Prometheus;
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
    /// <summary>Which journal: the SQLite file in <see cref="DataDirectory"/> (default) or a PostgreSQL database.</summary>
    public StoreSettings Store { get; init; } = StoreSettings.Sqlite;

    /// <summary>Bearer token for the write endpoints (manual triggers); null disables them.</summary>
    public string? ApiToken { get; init; }

    /// <summary>With it, the status page and <c>/api/*</c> reads need it (or <see cref="ApiToken"/>); null leaves reading open.</summary>
    public string? ReadToken { get; init; }

    /// <summary><c>POST /hooks/alertmanager</c>: the bearer token Alertmanager sends and how its labels map; null turns the hook off.</summary>
    public AlertmanagerHook? Alertmanager { get; init; }

    /// <summary><c>POST /hooks/sentry</c>: the integration's client secret and how projects map; null turns the hook off.</summary>
    public SentryHook? SentryHook { get; init; }

    /// <summary><c>POST /hooks/vercel</c>, <c>/hooks/github</c>, <c>/hooks/railway/{token}</c>: deploy events; each null when off.</summary>
    public DeployHookSettings DeployHooks { get; init; } = new(null, null, null);

    /// <summary><c>POST /hooks/launchdarkly</c>, <c>/hooks/unleash</c>: flag changes, an incident's suspects; each null when off.</summary>
    public FlagHookSettings FlagHooks { get; init; } = new(null, null);

    /// <summary>Signed approve/veto links in messages; null (no <c>Api:PublicUrl</c>) turns them off.</summary>
    public ActionLinkSettings? Links { get; init; }

    /// <summary><c>Sentry:Dsn</c>: Watchdog's own errors and failed runbooks go to this Sentry project; null turns it off.</summary>
    public string? SentryDsn { get; init; }

    /// <summary><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: incidents and their steps are exported there as traces; null exports nothing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Scheduled drills: rehearsals of the runbook against chosen (staging) services.</summary>
    public IReadOnlyList<DrillSettings> Drills { get; init; } = [];

    /// <summary>What will work but likely not as meant, one line each naming its key; check-config prints them, the host logs them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every secret value in the configuration, for redaction.</summary>
    public IEnumerable<string?> Secrets =>
        new[] { ApiToken, ReadToken, Alertmanager?.Token, SentryHook?.ClientSecret, Links?.Secret, SentryDsn, DeployHooks.Vercel?.Secret, DeployHooks.GitHub?.Secret, DeployHooks.Railway?.Token, FlagHooks.LaunchDarkly?.Secret, FlagHooks.Unleash?.Token }
            .Concat(Store.Secrets)
            .Concat(Notifications.Channels.SelectMany(c => c.Secrets))
            .Concat(Services.SelectMany(s => s.AllProviders.SelectMany(p => p.Secrets).Concat(s.Sources.SelectMany(x => x.Secrets)).Concat(s.Flags?.Secrets ?? [])))
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

/// <param name="MaxAge">How long ago a firing alert may have started: a captured delivery replayed later is refused.</param>
public sealed record SentryHook(string ClientSecret, SentryMappingOptions Mapping, TimeSpan MaxAge);

/// <summary>The deploy-event webhooks (README "Deploy events"); each is off (null) unless its section is there.</summary>
public sealed record DeployHookSettings(VercelDeployHookSettings? Vercel, GitHubDeployHookSettings? GitHub, RailwayDeployHookSettings? Railway);

/// <param name="Secret">The webhook's secret: <c>x-vercel-signature</c> is its HMAC-SHA1 of the body.</param>
/// <param name="Projects">Vercel project id or name → watched service, beside the services whose Vercel provider names the project.</param>
/// <param name="MaxAge">How long ago an event may have happened (<c>createdAt</c>): an older delivery is refused as a replay or a stale retry.</param>
public sealed record VercelDeployHookSettings(string Secret, IReadOnlyDictionary<string, string> Projects, TimeSpan MaxAge);

/// <param name="Secret">The webhook's secret: <c>X-Hub-Signature-256</c> is <c>sha256=</c> and its HMAC-SHA256 of the body.</param>
/// <param name="Deployments"><c>owner/repo@environment</c> → watched service.</param>
public sealed record GitHubDeployHookSettings(string Secret, IReadOnlyDictionary<string, string> Deployments, TimeSpan MaxAge);

/// <param name="Token">The secret path token of <c>/hooks/railway/{token}</c>: Railway signs nothing.</param>
public sealed record RailwayDeployHookSettings(string Token, TimeSpan MaxAge);

/// <summary>The flag-service webhooks (README "Feature-flag services"); each is off (null) unless its section is there.</summary>
/// <param name="LaunchDarkly">The webhook's secret: <c>X-LD-Signature</c> is its hex HMAC-SHA256 of the body.</param>
/// <param name="Unleash">The webhook integration's <c>Authorization</c> value: Unleash signs nothing.</param>
public sealed record FlagHookSettings(FlagHookSecret? LaunchDarkly, FlagHookToken? Unleash);

/// <param name="MaxAge">How long ago a change may have happened (the entry's <c>date</c>): an older delivery is refused as a replay or a stale retry.</param>
public sealed record FlagHookSecret(string Secret, TimeSpan MaxAge);

/// <param name="MaxAge">How long ago a change may have happened (the event's <c>createdAt</c>).</param>
public sealed record FlagHookToken(string Token, TimeSpan MaxAge);

/// <summary>Every configured channel, in registration order of its kind, and which messages each gets.</summary>
public sealed record NotificationSettings(TimeSpan Timeout, IReadOnlyList<Configured<INotifier>> Channels)
{
    /// <summary>Channel name → which messages it gets (<c>Events</c>, <c>MinSeverity</c>, <c>Drills</c>).</summary>
    public IReadOnlyDictionary<string, ChannelRoute> Routes { get; init; } = new Dictionary<string, ChannelRoute>();

    public ChannelRoute RouteOf(string channel) => Routes.GetValueOrDefault(channel) ?? ChannelRoute.All;

    /// <summary>The options of every channel of one kind (<c>Of&lt;SlackOptions&gt;()</c>).</summary>
    public IReadOnlyList<T> Of<T>() => [.. Channels.Select(c => c.Options).OfType<T>()];
}

/// <summary>One watched service: how to measure it, what trips, and how to roll it back.</summary>
/// <summary>One entry of <c>Services:N:Components</c>: a part of the service, rolled back on its own platform.</summary>
public sealed record ComponentSettings(string Name, Configured<IDeploymentProvider> Provider, IReadOnlyList<Configured<IDeploymentProvider>> Fallbacks);

public sealed record ServiceSettings(
    string Name,
    TimeSpan PollInterval,
    IReadOnlyList<Configured<ISignalSource>> Sources,
    IReadOnlyList<Rule> Rules,
    IReadOnlyDictionary<string, double> Baselines,
    RunbookSettings Runbook,
    Configured<IDeploymentProvider> Provider,
    IReadOnlyList<StabilizationSettings> Stabilization,
    IReadOnlyList<HttpCheckOptions> SmokeTests,
    VerificationOptions Verification)
{
    /// <summary>The health probe's options: verification probes the same endpoint.</summary>
    public HealthOptions Health => SourceOptions<HealthOptions>() ?? throw new InvalidOperationException($"service {Name} has no health probe");

    /// <summary>Prometheus queries for this service (the backtest replays them); null when none are read here.</summary>
    public PrometheusOptions? Prometheus => SourceOptions<PrometheusOptions>();

    /// <summary>The database commands: the migration status before a rollback; backup, restore and resolve only when a person asks.</summary>
    public DatabaseSettings? Database { get; init; }

    /// <summary>Providers tried in order when <see cref="Provider"/> cannot roll back.</summary>
    public IReadOnlyList<Configured<IDeploymentProvider>> Fallbacks { get; init; } = [];

    /// <summary>The parts of the service deployed apart (<c>Components</c>), first the primary, whose provider and fallbacks <see cref="Provider"/> and <see cref="Fallbacks"/> are; empty when the service is one part.</summary>
    public IReadOnlyList<ComponentSettings> Components { get; init; } = [];

    /// <summary>Every provider the service rolls back through: each component's (or the service's) provider, then its fallbacks.</summary>
    public IEnumerable<Configured<IDeploymentProvider>> AllProviders =>
        Components.Count > 0 ? Components.SelectMany(c => c.Fallbacks.Prepend(c.Provider)) : Fallbacks.Prepend(Provider);

    /// <summary>Each rollback step's journal key (<c>rollback</c>, <c>rollback:{fallback}</c>, <c>rollback@{component}</c>…) and the provider it calls.</summary>
    public IEnumerable<(string Step, string Provider)> RollbackSteps =>
        (Components.Count > 0 ? Components.Select((c, i) => (Suffix: i == 0 ? "" : "@" + c.Name, c.Provider, c.Fallbacks)) : [("", Provider, Fallbacks)])
        .SelectMany(part => part.Fallbacks.Select(f => (Step: $"rollback{part.Suffix}:{f.Name}", Provider: f.Name)).Prepend(($"rollback{part.Suffix}", part.Provider.Name)));

    /// <summary>Where the service's feature flags are turned off (<c>Flags</c>); null: the provider's environment variables.</summary>
    public Configured<FlagSwitchFactory>? Flags { get; init; }

    /// <summary>How latency baselines are measured (trailing window, readings needed).</summary>
    public BaselineSettings BaselineSettings { get; init; } = new();

    /// <summary>The options of this service's source of one kind (<c>SourceOptions&lt;SentryOptions&gt;()</c>); null when it has none.</summary>
    public T? SourceOptions<T>() where T : class => Sources.Select(s => s.Options).OfType<T>().FirstOrDefault();
}

/// <summary>A stabilization step: a command, or an HTTP call.</summary>
public sealed record StabilizationSettings(string Name, CommandTaskOptions? Command, HttpCheckOptions? Http);
