namespace Watchdog.Schema;

/// <summary>
/// Descriptions of the keys without an options property to document them (the host's own, and keys named unlike their
/// property), by generic path (<c>Services:N:PollInterval</c>); <c>""</c> is the <c>Watchdog</c> section itself. The
/// rest come from the options' XML docs. Wording follows the README's configuration reference.
/// </summary>
internal static class DescriptionTable
{
    private const string Events = "The notification kinds this channel takes (default: its kind's own list).";
    private const string MinSeverity = "The lowest severity this channel takes.";
    private const string Drills = "Whether this channel hears of drills.";

    public static readonly IReadOnlyDictionary<string, string> Text = Build();

    private static Dictionary<string, string> Build()
    {
        var t = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [""] = "Watchdog's own settings: what to watch, when it trips, how to roll back, whom to tell.",
            ["Mode"] = "Auto acts; Approve asks a person first; DryRun says what it would do and calls nothing. Each service may override it.",
            ["Budget"] = "The rollback budget: past it, Watchdog escalates to people instead of rolling back.",
            ["Budget:Cooldown"] = "The least time between two automatic rollbacks of one service.",
            ["Budget:MaxPerDay"] = "At most this many automatic rollbacks of one service in 24 hours.",
            ["DataDirectory"] = "Where the incident journal (SQLite) lives, relative to the content root.",
            ["Http"] = "The outbound clients' resilience (notifiers and platform APIs); probes never retry.",
            ["Http:Timeout"] = "Each attempt's limit.",
            ["Http:RetryDelay"] = "The first retry's delay, doubled with jitter on each further retry.",
            ["Notifications"] = "The channels Watchdog tells, one list per kind.",
            ["Notifications:Timeout"] = "Per-channel limit: a slow channel never delays the others or the rollback.",
            ["Hooks"] = "Pushed alerts and deploy events: each hook is off unless its section is there.",
            ["Hooks:Vercel"] = "POST /hooks/vercel: Vercel's deployment webhooks (created, promoted, error, canceled).",
            ["Hooks:Vercel:Secret"] = "The webhook's secret (the integration's Client Secret for an integration webhook), at least 16 characters; x-vercel-signature is its HMAC-SHA1 of the body.",
            ["Hooks:Vercel:Projects"] = "Vercel project id or name → watched service, for projects no service's Vercel provider or fallback names.",
            ["Hooks:Vercel:MaxAge"] = "A delivery whose createdAt is longer ago is refused as a replay or a stale retry.",
            ["Hooks:GitHub"] = "POST /hooks/github: GitHub's deployment_status webhook.",
            ["Hooks:GitHub:Secret"] = "The webhook's secret, at least 16 characters; X-Hub-Signature-256 is sha256= and its HMAC-SHA256 of the body.",
            ["Hooks:GitHub:Deployments"] = "Which watched service a repository's deployments to an environment are.",
            ["Hooks:GitHub:Deployments:N:Repository"] = "owner/name, as repository.full_name says it.",
            ["Hooks:GitHub:Deployments:N:Environment"] = "The deployment's environment.",
            ["Hooks:GitHub:Deployments:N:Service"] = "The watched service it deploys.",
            ["Hooks:GitHub:MaxAge"] = "A status whose updated_at is longer ago is refused as a replay or a stale redelivery.",
            ["Hooks:Railway"] = "POST /hooks/railway/{Token}: Railway's project webhooks, confirmed through the service's Railway provider before they are believed.",
            ["Hooks:Railway:Token"] = "The secret path token (Railway signs nothing): at least 32 letters, digits, '-' or '_'.",
            ["Hooks:Railway:MaxAge"] = "An event whose timestamp is longer ago is refused as a replay or a stale retry.",
            ["Hooks:LaunchDarkly"] = "POST /hooks/launchdarkly: LaunchDarkly's webhooks (flag changes), kept as suspects of the services whose Flags are that project and environment.",
            ["Hooks:LaunchDarkly:Secret"] = "The webhook's signing secret, at least 16 characters; X-LD-Signature is its hex HMAC-SHA256 of the body.",
            ["Hooks:LaunchDarkly:MaxAge"] = "A change whose date is longer ago is refused as a replay or a stale retry.",
            ["Hooks:Unleash"] = "POST /hooks/unleash: Unleash's webhook integration (no body template), kept as suspects of the services whose Flags are that project and environment.",
            ["Hooks:Unleash:Token"] = "The integration's Authorization value, sent back as that header (Unleash signs nothing), at least 16 characters.",
            ["Hooks:Unleash:MaxAge"] = "An event whose createdAt is longer ago is refused as a replay or a stale retry.",
            ["Hooks:Alertmanager:Token"] = "The bearer token Alertmanager sends (http_config.authorization), at least 16 characters.",
            ["Hooks:Sentry:ClientSecret"] = "The Sentry integration's client secret, checked against Sentry-Hook-Signature.",
            ["Hooks:Sentry:MaxAge"] = "A firing Sentry alert that started longer ago is refused as a replay.",
            ["Store"] = "Where the journal lives: the embedded SQLite file (default) or a shared PostgreSQL for several instances.",
            ["Store:Type"] = "Sqlite (default: a file under DataDirectory) or Postgres (Store:ConnectionString).",
            ["Store:Instance"] = "This instance's name among those sharing the journal (default: the host name, which is a pod's name). Unique per instance; a restart under the same name takes its services back at once.",
            ["Store:LeaseTtl"] = "How long an instance holds a service without renewing (default 00:00:15; renewed every third of it): the longest a crashed instance's services wait before another takes them.",
            ["Store:ConnectionString"] = "The PostgreSQL connection string (Npgsql keywords) when Store:Type is Postgres; a secret, redacted everywhere.",
            ["Sentry"] = "Watchdog's own errors (unhandled exceptions, failed or escalated runbooks, a lost journal) reported to Sentry; off without a DSN.",
            ["Sentry:Dsn"] = "The Sentry project's DSN (https://PUBLIC_KEY@HOST/PROJECT_ID). Events are scrubbed of every configured secret before they leave.",
            ["Api"] = "The write endpoints' token and the signed approve/veto links.",
            ["Api:Token"] = "Bearer token for POST /api/triggers, the incident actions, POST /api/services/{service}/rollback and POST /api/drills/{service}, at least 16 characters; without it they answer 401.",
            ["Api:ReadToken"] = "Locks reading: the status page and GET /api/* need it (or Api:Token); probes and /metrics stay open. Command lines and their output are shown only to a reader with a token.",
            ["Api:PublicUrl"] = "The URL people reach Watchdog at; turns on the incident link and signed approve/veto links in messages.",
            ["Api:LinkSecret"] = "HMAC-SHA256 key for the signed links, at least 32 characters; required with PublicUrl.",
            ["Api:LinkLifetime"] = "The longest a signed link stays valid.",
            ["Services"] = "The services to watch, at least one.",
            ["Services:N:Name"] = "Letters, digits, '-', '_' and '.'; unique.",
            ["Services:N:Mode"] = "This service's Mode, overriding the top-level one.",
            ["Services:N:Prometheus:Enabled"] = "Whether this service reads the shared Prometheus server (Watchdog:Prometheus).",
            ["Services:N:Rules"] = "What trips, judged like Alertmanager's for:. Empty: the seeds' defaults (error-rate, availability, service-down).",
            ["Services:N:Rules:N:Name"] = "The rule's name, unique in the service.",
            ["Services:N:Rules:N:Signal"] = "What the rule judges.",
            ["Services:N:Rules:N:Comparison"] = "Above and Below are strict; AboveBaselineBy compares with a baseline (Threshold 0.5: more than 50% above it); RegressedFrom tests the live release's readings against the previous release's and the same hours a week earlier (Mann-Whitney U, LatencyP95 and ErrorRate only).",
            ["Services:N:Rules:N:Threshold"] = "The limit: a fraction for rates (0.1 = 10%), seconds for latency, a relative rise for AboveBaselineBy. Required, except with RegressedFrom (which has none).",
            ["Services:N:Rules:N:For"] = "How long the breach must hold, unbroken, before the rule fires. Default 5m; 0 for RegressedFrom, whose looks are the evidence.",
            ["Services:N:Rules:N:Confidence"] = "RegressedFrom only: 1 minus the false-alarm rate allowed per release over all its looks (0.98: at most 2%), spent evenly over MaxLooks (Bonferroni).",
            ["Services:N:Rules:N:MinEffect"] = "RegressedFrom only: the smallest regression worth calling one, in the signal's units (seconds, a fraction): the Hodges-Lehmann shift must reach it.",
            ["Services:N:Rules:N:MinReadings"] = "RegressedFrom only: readings each side needs before a test (at least 20, for the normal approximation of U); looks come at every MinReadings readings of the release.",
            ["Services:N:Rules:N:MaxLooks"] = "RegressedFrom only: the most tests run on one release; each is at (1 - Confidence) / MaxLooks, and after the last the verdict stands until the next release.",
            ["Services:N:Rules:N:MinSamples"] = "Fewer samples than this prove nothing: the rule is inconclusive.",
            ["Services:N:Rules:N:Meaning"] = "What a trip means for the runbook's decision tree.",
            ["Services:N:Rules:N:Baseline"] = "Seconds: the last fallback baseline of an AboveBaselineBy rule, after the previous deployment's and the trailing window's.",
            ["Services:N:Provider"] = "How this service is rolled back: a deployment provider, whose Type picks the keys that go with it.",
            ["Services:N:Provider:Type"] = "Command, Railway, Vercel or Kubernetes: which keys go with it.",
            ["Services:N:Flags"] = "Where this service's feature flags (FeatureFlags) are turned off; without it, the Provider's environment variables.",
            ["Services:N:Flags:Type"] = "Environment (default: the flag's variable set to false through the Provider), LaunchDarkly, Unleash or Flagd: which keys go with it.",
            ["Services:N:Flags:Token"] = "The flag service's API token, sent as the Authorization header itself; a secret, redacted everywhere.",
            ["Services:N:Flags:PollInterval"] = "How often the flag service (LaunchDarkly, Unleash, Flagd) is read for flags that changed, where it sends no webhook or as a safety net; a flag turned on becomes a suspect. Zero (the default) is off, else at least 10s; on the service's tick, at most once per interval.",
            ["Services:N:Flags:TokenFile"] = "A file holding the Token, read once at start (trimmed).",
            ["Services:N:Fallbacks"] = "More providers, any type, tried in order when the one before cannot roll back; names must differ.",
            ["Services:N:Fallbacks:N:Type"] = "Command, Railway, Vercel or Kubernetes: which keys go with it.",
            ["Services:N:Stabilization"] = "Steps run after the rollback (clear caches, reset pools): each a Command or an Http call. Failures are recorded; verification decides.",
            ["Services:N:Stabilization:N:Name"] = "The step's name in the timeline.",
            ["Services:N:Stabilization:N:Command"] = "A shell command, run where and as the provider's commands run. Set exactly one of Command or Http.",
            ["Services:N:Stabilization:N:Timeout"] = "The command's limit.",
            ["Services:N:SmokeTests"] = "Critical flows checked after the rollback, in priority order; the first failure escalates.",
            ["Services:N:Components"] = "The parts of the service deployed apart (an API on Railway, a web app on Vercel), backend first: an incident rolls back each part whose live release changed since the service was last stable. With Components the service has no Provider or Fallbacks of its own.",
            ["Services:N:Components:N:Name"] = "The part's name, unique in the service (letters, digits, '-', '_' and '.').",
            ["Services:N:Components:N:Provider"] = "How this part is rolled back: a deployment provider, as a service's Provider.",
            ["Services:N:Components:N:Provider:Type"] = "Command, Railway, Vercel or Kubernetes: which keys go with it.",
            ["Services:N:Components:N:Fallbacks"] = "More providers for this part, tried in order when the one before cannot roll back.",
            ["Services:N:Components:N:Fallbacks:N:Type"] = "Command, Railway, Vercel or Kubernetes: which keys go with it.",
            ["Services:N:Database"] = "Seed 000 phase 4: the migration status before a rollback, as evidence; backup, restore and migration resolve only when a person asks (POST /api/incidents/{id}/restore-database), in any mode.",
            ["Services:N:Database:MigrationStatus"] = "Shows which migrations the database has, e.g. npx prisma migrate status; run before every rollback (at most 1 minute) and after a restore. Its output and a plain reading of it are journaled as step db-status.",
            ["Services:N:Database:Backup"] = "Backs the current state up; always runs first when a person asks for the restore. Required with Restore.",
            ["Services:N:Database:Restore"] = "Restores the database from the backup taken before the deployment; runs only if the backup succeeded. Required with Backup.",
            ["Services:N:Database:ResolveRolledBack"] = "Marks the migration rolled back after a restore that succeeded, e.g. npx prisma migrate resolve --rolled-back {migration}; {migration} is the newest one MigrationStatus named, so it needs MigrationStatus.",
            ["Services:N:Database:Timeout"] = "Each backup, restore and resolve command's limit.",
            ["Drills"] = "Scheduled rehearsals of the runbook (seed 2: practise rollbacks quarterly).",
            ["Drills:N:Service"] = "A configured service to rehearse the runbook on.",
            ["Drills:N:Schedule"] = "A Quartz cron expression with seconds, e.g. 0 0 10 ? 1/3 TUE#1.",
            ["Drills:N:TimeZone"] = "The IANA time zone the schedule is read in.",
            ["Drills:N:RollForward"] = "Go back to what was live before the drill once the rollback is verified.",
        };
        foreach (var kind in Integrations.Configuration.IntegrationRegistry.BuiltIn.Notifiers.Select(m => m.Section))
        {
            t[$"Notifications:{kind}"] = $"{kind} channels.";
            t[$"Notifications:{kind}:N:Events"] = Events;
            t[$"Notifications:{kind}:N:MinSeverity"] = MinSeverity;
            t[$"Notifications:{kind}:N:Drills"] = Drills;
        }

        return t;
    }
}
