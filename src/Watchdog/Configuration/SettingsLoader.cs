using Microsoft.Extensions.Configuration;
using Watchdog.Core.Decisions;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Core.Signals;
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
using Watchdog.Core.Channels;
using Watchdog.Core.Incidents;

namespace Watchdog.Configuration;

/// <summary>
/// Turns the <c>Watchdog</c> configuration section into <see cref="WatchdogSettings"/>, reporting
/// every problem at once, one line each naming its key. Nothing is polled unless this succeeds.
/// </summary>
public static class SettingsLoader
{
    public const string Section = "Watchdog";

    public static WatchdogSettings? Load(IConfiguration configuration, out IReadOnlyList<string> errors)
    {
        var r = new ConfigReader();
        var root = configuration.GetSection(Section);
        var mode = r.Enum(root, "Mode", Mode.Auto);
        var dataDirectory = r.String(root, "DataDirectory", "data")!;
        var budgetSection = root.GetSection("Budget");
        var budget = new RollbackBudget(
            r.Duration(budgetSection, "Cooldown", RollbackBudget.Default.Cooldown),
            r.Integer(budgetSection, "MaxPerDay", RollbackBudget.Default.MaxPerDay, 0, 1000));
        var monitorFor = r.Duration(root, "MonitorFor", TimeSpan.FromHours(2), TimeSpan.Zero, TimeSpan.FromDays(7));
        var http = ReadHttp(r, root.GetSection("Http"));
        var notifications = ReadNotifications(r, root.GetSection("Notifications"));
        var hooks = root.GetSection("Hooks");
        var alertmanager = hooks.GetSection("Alertmanager").Exists() ? ReadAlertmanager(r, hooks.GetSection("Alertmanager")) : null;
        var sentryHook = hooks.GetSection("Sentry").Exists() ? ReadSentryHook(r, hooks.GetSection("Sentry")) : null;
        var apiToken = r.Secret(root.GetSection("Api"), "Token");
        if (apiToken is { Length: < 16 })
            r.Error(root.GetSection("Api"), "Token", "must be at least 16 characters");
        var links = ReadLinks(r, root.GetSection("Api"));

        var prometheus = root.GetSection("Prometheus").Exists() ? ReadPrometheus(r, root.GetSection("Prometheus"), null) : null;
        var services = new List<ServiceSettings>();
        var serviceSections = r.List(root, "Services");
        if (serviceSections.Count == 0)
            r.Error(root, "Services", "is empty: configure at least one service to watch");
        foreach (var s in serviceSections)
            services.Add(ReadService(r, s, mode, budget, monitorFor, prometheus));

        foreach (var dup in services.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(root, "Services", $"service name '{dup.Key}' is used {dup.Count()} times; names must be unique");

        CheckComponents(r, root.GetSection("Notifications"), notifications, services);
        var drills = DrillSettingsReader.Read(r, root, services, TimeProvider.System.GetUtcNow());

        r.ReportUnknownKeys(root);
        errors = r.Errors;
        return r.Errors.Count == 0
            ? new WatchdogSettings(mode, dataDirectory, http, notifications, services) { ApiToken = apiToken, Alertmanager = alertmanager, SentryHook = sentryHook, Links = links, Drills = drills }
            : null;
    }

    private static ResilienceOptions ReadHttp(ConfigReader r, IConfigurationSection s)
    {
        var d = new ResilienceOptions();
        return new ResilienceOptions
        {
            AttemptTimeout = r.Duration(s, "Timeout", d.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            MaxRetries = r.Integer(s, "MaxRetries", d.MaxRetries, 0, 10),
            BaseDelay = r.Duration(s, "RetryDelay", d.BaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            MaxRetryAfter = r.Duration(s, "MaxRetryAfter", d.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            CircuitBreaker = r.Bool(s, "CircuitBreaker", d.CircuitBreaker),
            BreakDuration = r.Duration(s, "BreakDuration", d.BreakDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        };
    }

    private static NotificationSettings ReadNotifications(ConfigReader r, IConfigurationSection s)
    {
        var timeout = r.Duration(s, "Timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        var routes = new Dictionary<string, ChannelRoute>(StringComparer.OrdinalIgnoreCase);
        var slack = r.List(s, "Slack").Select(c =>
        {
            var o = new SlackOptions
            {
                Name = r.String(c, "Name", "slack")!,
                WebhookUrl = Uri.TryCreate(r.Secret(c, "WebhookUrl"), UriKind.Absolute, out var u) ? u : null,
                Channel = r.String(c, "Channel"),
                Username = r.String(c, "Username"),
                IconEmoji = r.String(c, "IconEmoji"),
                IncidentUrlBase = r.Url(c, "IncidentUrlBase"),
            };
            r.Problems(c, SlackOptionsValidator.Problems(o));
            ReadRoute(r, c, o.Name, ChannelRoute.All, routes);
            return o;
        }).ToList();
        var webhooks = r.List(s, "Webhooks").Select(c =>
        {
            var o = new WebhookOptions
            {
                Name = r.String(c, "Name", "webhook")!,
                Url = Uri.TryCreate(r.String(c, "Url"), UriKind.Absolute, out var u) ? u : null,
                Secret = r.Secret(c, "Secret"),
            };
            r.Problems(c, WebhookOptionsValidator.Problems(o));
            ReadRoute(r, c, o.Name, ChannelRoute.All, routes);
            return o;
        }).ToList();
        var teams = r.List(s, "Teams").Select(c =>
        {
            var o = new TeamsOptions
            {
                Name = r.String(c, "Name", "teams")!,
                // Relative parses too, so a malformed value is reported as such by the validator rather than as missing.
                WebhookUrl = Uri.TryCreate(r.Secret(c, "WebhookUrl"), UriKind.RelativeOrAbsolute, out var u) ? u : null,
            };
            r.Problems(c, TeamsOptionsValidator.Problems(o));
            ReadRoute(r, c, o.Name, ChannelRoute.All, routes);
            return o;
        }).ToList();
        var pagerDuty = r.List(s, "PagerDuty").Select(c =>
        {
            var o = new PagerDutyOptions
            {
                Name = r.String(c, "Name", "pagerduty")!,
                RoutingKey = r.Secret(c, "RoutingKey"),
            };
            if (r.Url(c, "BaseUrl") is { } baseUrl) o.BaseUrl = baseUrl;
            r.Problems(c, PagerDutyOptionsValidator.Problems(o));
            ReadRoute(r, c, o.Name, ChannelRoute.Pager, routes);
            return o;
        }).ToList();
        var statuspage = r.List(s, "Statuspage").Select(c =>
        {
            var o = ReadStatuspage(r, c);
            ReadRoute(r, c, o.Name, ChannelRoute.All, routes);
            return o;
        }).ToList();
        foreach (var dup in statuspage.GroupBy(o => o.PageId, StringComparer.Ordinal).Where(g => g.Key is not null && g.Count() > 1))
            r.Error(s, "Statuspage", $"page '{dup.Key}' is configured {dup.Count()} times; each page takes one channel");
        return new NotificationSettings(timeout, slack, webhooks) { Teams = teams, PagerDuty = pagerDuty, Statuspage = statuspage, Routes = routes };
    }

    private static StatuspageOptions ReadStatuspage(ConfigReader r, IConfigurationSection c)
    {
        var o = new StatuspageOptions
        {
            ApiKey = r.Secret(c, "ApiKey"),
            PageId = r.String(c, "PageId"),
            BaseUrl = r.Url(c, "BaseUrl") ?? StatuspageOptions.DefaultBaseUrl,
            Name = r.String(c, "Name", "statuspage")!,
            Components = r.Map(c, "Components"),
            DeliverNotifications = r.Bool(c, "DeliverNotifications", true),
        };
        ReadBySeverity(r, c, "Impact", o.Impact);
        ReadBySeverity(r, c, "ComponentStatus", o.ComponentStatus);
        r.Problems(c, StatuspageOptionsValidator.Problems(o));
        return o;
    }

    /// <summary>A map keyed by severity name (<c>Impact:Critical</c>) laid over its defaults.</summary>
    private static void ReadBySeverity(ConfigReader r, IConfigurationSection c, string key, Dictionary<Severity, string> values)
    {
        foreach (var (name, value) in r.Map(c, key))
        {
            if (Enum.TryParse<Severity>(name, ignoreCase: true, out var severity) && Enum.IsDefined(severity) && !int.TryParse(name, out _))
                values[severity] = value;
            else
                r.Error(c.GetSection(key), name, $"is not a severity ({string.Join(", ", Enum.GetNames<Severity>())})");
        }
    }

    /// <summary>A Statuspage component mapped to a service that does not exist is a typo that would leave the page unmarked.</summary>
    private static void CheckComponents(ConfigReader r, IConfigurationSection notifications, NotificationSettings settings, IReadOnlyList<ServiceSettings> services)
    {
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = r.List(notifications, "Statuspage");
        for (var i = 0; i < settings.Statuspage.Count && i < sections.Count; i++)
        {
            foreach (var service in settings.Statuspage[i].Components.Keys.Where(k => !names.Contains(k)))
                r.Error(sections[i].GetSection("Components"), service, $"no service is named '{service}'");
        }
    }

    /// <summary>A channel's <c>Events</c>, <c>MinSeverity</c> and <c>Drills</c>, over the defaults of its kind; names must be unique.</summary>
    private static void ReadRoute(ConfigReader r, IConfigurationSection c, string name, ChannelRoute defaults, Dictionary<string, ChannelRoute> routes)
    {
        var events = defaults.Events;
        if (r.Strings(c, "Events") is { } listed)
        {
            var kinds = new HashSet<NotificationKind>();
            foreach (var e in listed)
            {
                if (Enum.TryParse<NotificationKind>(e, ignoreCase: true, out var kind) && !int.TryParse(e, out _)) kinds.Add(kind);
                else r.Error(c, "Events", $"'{e}' is not an event ({string.Join(", ", Enum.GetNames<NotificationKind>())})");
            }

            events = kinds;
        }

        var route = new ChannelRoute(events, r.Enum(c, "MinSeverity", defaults.MinSeverity), r.Bool(c, "Drills", defaults.Drills));
        if (!routes.TryAdd(name, route))
            r.Error(c, "Name", $"channel name '{name}' is used by another channel; give each a distinct Name (results and routes are per name)");
    }

    private static ServiceSettings ReadService(ConfigReader r, IConfigurationSection s, Mode globalMode, RollbackBudget budget, TimeSpan monitorFor, PrometheusOptions? prometheus)
    {
        var name = r.String(s, "Name", required: true) ?? $"service-{s.Key}";
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            r.Error(s, "Name", $"'{name}' may only contain letters, digits, '-', '_' and '.'");
        var poll = r.Duration(s, "PollInterval", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

        var h = s.GetSection("Health");
        var healthDefaults = new HealthOptions();
        var health = new HealthOptions
        {
            Url = Uri.TryCreate(r.String(h, "Url"), UriKind.Absolute, out var url) ? url : null,
            Timeout = r.Duration(h, "Timeout", healthDefaults.Timeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
            Window = r.Duration(h, "Window", healthDefaults.Window, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24)),
            StatusField = r.String(h, "StatusField", healthDefaults.StatusField),
            HealthyStatuses = r.Strings(h, "HealthyStatuses") ?? healthDefaults.HealthyStatuses,
            MaxBodyBytes = r.Integer(h, "MaxBodyBytes", healthDefaults.MaxBodyBytes, 0, 16 * 1024 * 1024),
            Interval = poll,
            Headers = new(r.Map(h, "Headers"), StringComparer.OrdinalIgnoreCase),
        };

        r.Problems(h, HealthOptionsValidator.Problems(health));
        var (rules, baselines) = ReadRules(r, s);

        var flags = r.Map(s, "FeatureFlags");
        // A key with ':' names a pushed alert ("alertmanager:CheckoutErrors"); the others must name a rule.
        foreach (var rule in flags.Keys.Where(k => !k.Contains(':', StringComparison.Ordinal) && !rules.Any(x => x.Name.Equals(k, StringComparison.OrdinalIgnoreCase))))
            r.Error(s.GetSection("FeatureFlags"), rule, $"names no rule of this service (rules: {string.Join(", ", rules.Select(x => x.Name))})");

        var runbook = new RunbookSettings
        {
            Mode = r.Enum(s, "Mode", globalMode),
            Budget = budget,
            FeatureFlags = flags,
            RollbackTimeout = r.Duration(s, "RollbackTimeout", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1), TimeSpan.FromHours(2)),
            RollbackAttempts = r.Integer(s, "RollbackAttempts", 3, 1, 10),
            RollbackRetryDelay = r.Duration(s, "RollbackRetryDelay", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            LivePollInterval = r.Duration(s, "LivePollInterval", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
            MonitorFor = r.Duration(s, "MonitorFor", monitorFor, TimeSpan.Zero, TimeSpan.FromDays(7)),
            BlindAfter = r.Integer(s, "BlindAfter", 3, 1, 1000),
            MonitorUpdateEvery = r.Duration(s, "MonitorUpdateEvery", TimeSpan.FromMinutes(15), TimeSpan.Zero, TimeSpan.FromDays(1)),
            VetoWindow = r.Duration(s, "VetoWindow", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(24)),
            LiveCheckInterval = r.Duration(s, "LiveCheckInterval", TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.FromDays(1)),
            PushedAlertTtl = r.Duration(s, "PushedAlertTtl", TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            PollInterval = poll,
        };

        if (runbook.VetoWindow > TimeSpan.Zero && runbook.Mode != Mode.Approve)
            r.Error(s, "VetoWindow", $"applies in Approve mode only; this service is in {runbook.Mode} mode");

        var provider = ReadProvider(r, s.GetSection("Provider"), name);
        var fallbacks = r.List(s, "Fallbacks").Select(f => ReadProvider(r, f, name)).ToList();
        foreach (var dup in fallbacks.Prepend(provider).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(s, "Fallbacks", $"provider name '{dup.Key}' is used {dup.Count()} times; give each a distinct Name");
        var shell = fallbacks.Prepend(provider).Select(p => p.Options).OfType<CommandProviderOptions>().FirstOrDefault() ?? new CommandProviderOptions { Service = name };
        var stabilization = r.List(s, "Stabilization").Select(c => ReadStabilization(r, c, shell)).ToList();
        var smoke = r.List(s, "SmokeTests").Select(c => ReadHttpCheck(r, c)).ToList();

        var v = s.GetSection("Verification");
        var vd = new VerificationOptions();
        var verification = new VerificationOptions
        {
            Window = r.Duration(v, "Window", vd.Window, TimeSpan.Zero, TimeSpan.FromHours(1)),
            Interval = r.Duration(v, "Interval", vd.Interval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10)),
            MaxErrorRate = r.Number(v, "MaxErrorRate", vd.MaxErrorRate, 0, 1),
            VersionUrl = r.Url(v, "VersionUrl"),
            VersionField = r.String(v, "VersionField", vd.VersionField)!,
        };

        return new ServiceSettings(name, poll, health, rules, baselines, runbook, provider, stabilization, smoke, verification)
        {
            Fallbacks = fallbacks,
            BaselineSettings = ReadBaselines(r, s.GetSection("Baselines")),
            Database = s.GetSection("Database").Exists() ? ReadDatabase(r, s.GetSection("Database"), shell) : null,
            Sentry = s.GetSection("Sentry").Exists() ? ReadSentry(r, s.GetSection("Sentry")) : null,
            Prometheus = prometheus is null || !r.Bool(s.GetSection("Prometheus"), "Enabled", true) ? null : ReadPrometheus(r, s.GetSection("Prometheus"), prometheus),
        };
    }

    private static BaselineSettings ReadBaselines(ConfigReader r, IConfigurationSection b)
    {
        var d = new BaselineSettings();
        return new BaselineSettings
        {
            Window = r.Duration(b, "Window", d.Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            MinReadings = r.Integer(b, "MinReadings", d.MinReadings, 1, 100_000),
        };
    }

    private static (IReadOnlyList<Rule>, IReadOnlyDictionary<string, double>) ReadRules(ConfigReader r, IConfigurationSection s)
    {
        var sections = r.List(s, "Rules");
        if (sections.Count == 0) return (Rule.Defaults, new Dictionary<string, double>());
        var rules = new List<Rule>();
        var baselines = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in sections)
        {
            var name = r.String(c, "Name", required: true) ?? $"rule-{c.Key}";
            var comparison = r.Enum(c, "Comparison", Comparison.Above);
            var signal = r.Enum(c, "Signal", Signal.ErrorRate);
            if (string.IsNullOrEmpty(c["Signal"])) r.Error(c, "Signal", $"is required ({string.Join(", ", Enum.GetNames<Signal>())})");
            if (string.IsNullOrEmpty(c["Threshold"])) r.Error(c, "Threshold", "is required");
            var threshold = r.Number(c, "Threshold", 0, 0, signal == Signal.LatencyP95 || comparison == Comparison.AboveBaselineBy ? 1e6 : 1);
            rules.Add(new Rule(name, signal, comparison, threshold,
                r.Duration(c, "For", TimeSpan.FromMinutes(5), TimeSpan.Zero, TimeSpan.FromDays(1)),
                r.Integer(c, "MinSamples", 1, 1, 1_000_000),
                r.Enum(c, "Meaning", Meaning.UsersAffected)) { Source = r.String(c, "Source") });
            // Optional: the last fallback, after the previous deployment's healthy median and the trailing window.
            var baseline = r.Number(c, "Baseline", double.NaN, 0);
            if (!double.IsNaN(baseline)) baselines[name] = baseline;
        }

        foreach (var dup in rules.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(s, "Rules", $"rule name '{dup.Key}' is used {dup.Count()} times");
        return (rules, baselines);
    }

    /// <summary>The shared server (top level), or one service's queries on top of it.</summary>
    private static PrometheusOptions ReadPrometheus(ConfigReader r, IConfigurationSection c, PrometheusOptions? server)
    {
        var d = server ?? new PrometheusOptions();
        var queries = new Dictionary<Signal, string>(d.Queries);
        foreach (var (signal, query) in r.Map(c, "Queries"))
        {
            if (Enum.TryParse<Signal>(signal, ignoreCase: true, out var parsed)) queries[parsed] = query;
            else r.Error(c.GetSection("Queries"), signal, $"is not a signal ({string.Join(", ", Enum.GetNames<Signal>())})");
        }

        var o = new PrometheusOptions
        {
            Name = server is null ? r.String(c, "Name", d.Name)! : d.Name,
            BaseUrl = server is null ? r.Url(c, "BaseUrl", required: true) : d.BaseUrl,
            Token = server is null ? r.Secret(c, "Token") : d.Token,
            Username = server is null ? r.String(c, "Username") : d.Username,
            Password = server is null ? r.Secret(c, "Password") : d.Password,
            Headers = server is null ? new(r.Map(c, "Headers"), StringComparer.OrdinalIgnoreCase) : d.Headers,
            Timeout = server is null ? r.Duration(c, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)) : d.Timeout,
            Queries = queries,
            SamplesQuery = r.String(c, "SamplesQuery", d.SamplesQuery),
        };
        if (server is not null) r.Problems(c, PrometheusOptionsValidator.Problems(o));
        return o;
    }

    private static ActionLinkSettings? ReadLinks(ConfigReader r, IConfigurationSection api)
    {
        var urlSet = !string.IsNullOrWhiteSpace(api["PublicUrl"]);
        var url = r.Url(api, "PublicUrl");
        if (url is not null && (url.Query.Length > 0 || url.Fragment.Length > 0))
            r.Error(api, "PublicUrl", "must not have a query or fragment: links are built on it");
        var secret = r.Secret(api, "LinkSecret", required: urlSet);
        var lifetime = r.Duration(api, "LinkLifetime", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        if (secret is { Length: < 32 })
            r.Error(api, "LinkSecret", "must be at least 32 characters: it signs the approve and veto links");
        if (secret is not null && !urlSet)
            r.Error(api, "PublicUrl", "is required when LinkSecret is set: links are built on it");
        return url is not null && secret is not null ? new ActionLinkSettings(url, secret, lifetime) : null;
    }

    private static AlertmanagerHook ReadAlertmanager(ConfigReader r, IConfigurationSection c)
    {
        var token = r.Secret(c, "Token", required: true) ?? "";
        if (token.Length is > 0 and < 16) r.Error(c, "Token", "must be at least 16 characters");
        var d = new AlertMappingOptions();
        var mapping = new AlertMappingOptions
        {
            ServiceLabels = r.Strings(c, "ServiceLabels"),
            MeaningLabel = r.String(c, "MeaningLabel", d.MeaningLabel),
            SeverityLabel = r.String(c, "SeverityLabel", d.SeverityLabel),
            DefaultMeaning = r.Enum(c, "DefaultMeaning", d.DefaultMeaning ?? Meaning.UsersAffected),
        };
        r.Problems(c, AlertOptionsValidator.Problems(mapping));
        return new AlertmanagerHook(token, mapping);
    }

    private static SentryHook ReadSentryHook(ConfigReader r, IConfigurationSection c)
    {
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
        return new SentryHook(secret, mapping);
    }

    private static SentryOptions ReadSentry(ConfigReader r, IConfigurationSection c)
    {
        var d = new SentryOptions();
        var o = new SentryOptions
        {
            Name = r.String(c, "Name", d.Name)!,
            BaseUrl = r.Url(c, "BaseUrl") ?? d.BaseUrl,
            Organization = r.String(c, "Organization"),
            Project = r.String(c, "Project"),
            Environment = r.String(c, "Environment"),
            Release = r.String(c, "Release"),
            Token = r.Secret(c, "Token"),
            Window = r.Duration(c, "Window", d.Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
            Interval = r.Duration(c, "Interval", d.Interval, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)),
            Timeout = r.Duration(c, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            MinInterval = r.Duration(c, "MinInterval", d.MinInterval, TimeSpan.Zero, TimeSpan.FromHours(1)),
            MaxBackoff = r.Duration(c, "MaxBackoff", d.MaxBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            ErrorRate = r.Bool(c, "ErrorRate", d.ErrorRate),
            CrashFree = r.Bool(c, "CrashFree", d.CrashFree),
            TransactionSampleRate = r.Number(c, "TransactionSampleRate", d.TransactionSampleRate, 0.0001, 1),
        };
        r.Problems(c, SentryOptionsValidator.Problems(o));
        return o;
    }

    public static readonly string[] ProviderTypes = ["Command", "Railway", "Vercel", "Kubernetes"];

    private static ProviderSettings ReadProvider(ConfigReader r, IConfigurationSection p, string service)
    {
        var type = r.String(p, "Type", "Command")!;
        switch (type.ToLowerInvariant())
        {
            case "railway":
                var railway = ReadRailway(r, p);
                return new ProviderSettings("Railway", railway.Name, railway);
            case "vercel":
                var vercel = ReadVercel(r, p);
                return new ProviderSettings("Vercel", vercel.Name, vercel);
            case "kubernetes":
                var kubernetes = ReadKubernetes(r, p);
                return new ProviderSettings("Kubernetes", kubernetes.Name, kubernetes);
            case "command":
                var command = ReadCommand(r, p, service);
                return new ProviderSettings("Command", command.Name, command);
            default:
                r.Error(p, "Type", $"'{type}' is not one of {string.Join(", ", ProviderTypes)}");
                r.Skip(p);
                return new ProviderSettings(type, type, new object());
        }
    }

    private static RailwayOptions ReadRailway(ConfigReader r, IConfigurationSection p)
    {
        var d = new RailwayOptions();
        var o = new RailwayOptions
        {
            Name = r.String(p, "Name", d.Name)!,
            Endpoint = r.Url(p, "Endpoint") ?? d.Endpoint,
            Token = r.Secret(p, "Token"),
            TokenKind = r.Enum(p, "TokenKind", d.TokenKind),
            ProjectId = r.String(p, "ProjectId"),
            EnvironmentId = r.String(p, "EnvironmentId"),
            ServiceId = r.String(p, "ServiceId"),
            PageSize = r.Integer(p, "PageSize", d.PageSize, 1, 100),
            MaxPages = r.Integer(p, "MaxPages", d.MaxPages, 1, 100),
            MinHealthyFor = r.Duration(p, "MinHealthyFor", d.MinHealthyFor, TimeSpan.Zero, TimeSpan.FromDays(7)),
            VersionMetaKeys = r.Strings(p, "VersionMetaKeys") ?? d.VersionMetaKeys,
            CallTimeout = r.Duration(p, "CallTimeout", d.CallTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
        };
        r.Problems(p, RailwayOptionsValidator.Problems(o));
        return o;
    }

    private static KubernetesOptions ReadKubernetes(ConfigReader r, IConfigurationSection p)
    {
        var d = new KubernetesOptions();
        var o = new KubernetesOptions
        {
            Name = r.String(p, "Name", d.Name)!,
            ApiUrl = r.Url(p, "ApiUrl"),
            Token = r.Secret(p, "Token"),
            TokenFile = EmptyMeansNone(r, p, "TokenFile", d.TokenFile),
            CaFile = EmptyMeansNone(r, p, "CaFile", d.CaFile),
            Namespace = r.String(p, "Namespace"),
            NamespaceFile = r.String(p, "NamespaceFile", d.NamespaceFile),
            Deployment = r.String(p, "Deployment"),
            Container = r.String(p, "Container"),
            PageSize = r.Integer(p, "PageSize", d.PageSize, 1, 500),
        };
        r.Problems(p, KubernetesOptionsValidator.Problems(o));
        if (o.CaFile is { } ca && !File.Exists(ca))
            r.Error(p, "CaFile", $"'{ca}' does not exist (outside a cluster, set CaFile to \"\" to trust the system's store)");
        return o;
    }

    /// <summary>A file path whose default is useful, where an explicit "" turns it off.</summary>
    private static string? EmptyMeansNone(ConfigReader r, IConfigurationSection c, string key, string? fallback) =>
        c.GetSection(key).Value is "" ? r.String(c, key) : r.String(c, key, fallback);

    private static VercelOptions ReadVercel(ConfigReader r, IConfigurationSection p)
    {
        var d = new VercelOptions();
        var o = new VercelOptions
        {
            Name = r.String(p, "Name", d.Name)!,
            BaseUrl = r.Url(p, "BaseUrl") ?? d.BaseUrl,
            Token = r.Secret(p, "Token"),
            TeamId = r.String(p, "TeamId"),
            ProjectId = r.String(p, "ProjectId"),
            PageSize = r.Integer(p, "PageSize", d.PageSize, 1, 100),
            MaxPages = r.Integer(p, "MaxPages", d.MaxPages, 1, 100),
            VersionMetaKeys = r.Strings(p, "VersionMetaKeys") ?? d.VersionMetaKeys,
            Timeout = r.Duration(p, "Timeout", d.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
        };
        r.Problems(p, VercelOptionsValidator.Problems(o));
        return o;
    }

    private static CommandProviderOptions ReadCommand(ConfigReader r, IConfigurationSection p, string service)
    {
        var d = new CommandProviderOptions();
        var o = new CommandProviderOptions
        {
            Name = r.String(p, "Name", d.Name)!,
            Shell = r.String(p, "Shell", d.Shell)!,
            WorkingDirectory = r.String(p, "WorkingDirectory"),
            Environment = new(r.Map(p, "Environment"), StringComparer.Ordinal),
            Timeout = r.Duration(p, "Timeout", d.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            List = r.String(p, "List"),
            Current = r.String(p, "Current"),
            Rollback = r.String(p, "Rollback"),
            Verify = r.String(p, "Verify"),
            SetVariable = r.String(p, "SetVariable"),
            Restart = r.String(p, "Restart"),
            Service = service,
        };
        r.Problems(p, CommandOptionsValidator.Problems(o));
        return o;
    }

    private static (CommandTaskOptions, CommandTaskOptions) ReadDatabase(ConfigReader r, IConfigurationSection c, CommandProviderOptions shell)
    {
        var timeout = r.Duration(c, "Timeout", TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(1), TimeSpan.FromHours(12));
        CommandTaskOptions Task(string key)
        {
            var o = new CommandTaskOptions
            {
                Name = "database-" + key.ToLowerInvariant(), Command = r.String(c, key, required: true), Timeout = timeout,
                Shell = shell.Shell, WorkingDirectory = shell.WorkingDirectory, Environment = shell.Environment, Service = shell.Service,
            };
            if (o.Command is not null) r.Problems(c, CommandOptionsValidator.Problems(o).Select(p => p.Replace("Command ", key + " ", StringComparison.Ordinal)));
            return o;
        }

        return (Task("Backup"), Task("Restore"));
    }

    private static StabilizationSettings ReadStabilization(ConfigReader r, IConfigurationSection c, CommandProviderOptions provider)
    {
        var name = r.String(c, "Name", required: true) ?? $"step-{c.Key}";
        var command = r.String(c, "Command");
        var http = c.GetSection("Http").Exists() ? ReadHttpCheck(r, c.GetSection("Http"), name) : null;
        if ((command is null) == (http is null))
            r.Error(c, "Command", "set exactly one of Command or Http");
        CommandTaskOptions? task = null;
        if (command is not null)
        {
            // Stabilization commands run where and as the provider's commands do.
            task = new CommandTaskOptions
            {
                Name = name,
                Command = command,
                Timeout = r.Duration(c, "Timeout", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
                Shell = provider.Shell,
                WorkingDirectory = provider.WorkingDirectory,
                Environment = provider.Environment,
                Service = provider.Service,
            };
            r.Problems(c, CommandOptionsValidator.Problems(task));
        }

        return new StabilizationSettings(name, task, http);
    }

    private static HttpCheckOptions ReadHttpCheck(ConfigReader r, IConfigurationSection c, string? name = null)
    {
        var d = new HttpCheckOptions();
        return new HttpCheckOptions
        {
            Name = name ?? r.String(c, "Name", required: true) ?? $"check-{c.Key}",
            Url = r.Url(c, "Url", required: true)!,
            Method = r.String(c, "Method", d.Method)!.ToUpperInvariant(),
            Body = r.String(c, "Body"),
            Headers = new(r.Map(c, "Headers"), StringComparer.OrdinalIgnoreCase),
            ExpectStatus = r.Integer(c, "ExpectStatus", d.ExpectStatus, 100, 599),
            ExpectBodyContains = r.String(c, "ExpectBodyContains"),
            Timeout = r.Duration(c, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        };
    }
}
