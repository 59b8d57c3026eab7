using Watchdog.Core.Decisions;
using Microsoft.Extensions.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Runbook;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.EnvironmentFlags;
using Watchdog.Integrations.Sentry;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Configuration;

/// <summary>One entry of <c>Watchdog:Services</c>: its own keys here, its sources and providers asked of their modules.</summary>
internal static class ServiceReader
{
    /// <summary>The provider type of a <c>Provider</c> section without <c>Type</c>.</summary>
    private const string DefaultProviderType = "Command";

    /// <summary>The flag service of a service without <c>Flags:Type</c>: the platform's environment variables.</summary>
    private const string DefaultFlagsType = "Environment";

    private static readonly TimeSpan DefaultPollInterval = new RunbookSettings().PollInterval;

    /// <summary><c>Autonomy</c>: rule → Notify, Ask, Act or Earned; a key with ':' names a pushed alert, the others a rule of the service.</summary>
    private static Dictionary<string, Autonomy> ReadAutonomy(ConfigReader r, IConfigurationSection s, IReadOnlyList<Rule> rules)
    {
        var section = s.GetSection("Autonomy");
        var read = new Dictionary<string, Autonomy>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rule, value) in r.Map(s, "Autonomy"))
        {
            if (!rule.Contains(':', StringComparison.Ordinal) && !rules.Any(x => x.Name.Equals(rule, StringComparison.OrdinalIgnoreCase)))
                r.Error(section, rule, $"names no rule of this service (rules: {string.Join(", ", rules.Select(x => x.Name))})");
            else if (Enum.TryParse<Autonomy>(value, ignoreCase: true, out var a) && Enum.IsDefined(a) && !int.TryParse(value, out _)) read[rule] = a;
            else r.Error(section, rule, $"'{value}' is not one of {string.Join(", ", Enum.GetNames<Autonomy>())}");
        }

        return read;
    }

    public static ServiceSettings Read(ConfigReader r, IConfigurationSection s, RunbookSettings global, ReadScope root, IntegrationRegistry modules)
    {
        var name = r.String(s, "Name", required: true) ?? $"service-{s.Key}";
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            r.Error(s, "Name", $"'{name}' may only contain letters, digits, '-', '_' and '.'");
        var poll = r.Duration(s, "PollInterval", DefaultPollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        var scope = root.ForService(name, poll);

        var bound = modules.Sources.Select(m => (Section: s.GetSection(m.Section), Source: m.Bind(r, s.GetSection(m.Section), scope))).Where(b => b.Source is not null).ToList();
        var sources = bound.Select(b => b.Source!).ToList();
        var (rules, baselines) = RulesReader.Read(r, s);
        CheckCrashFreeWindow(r, bound!, rules);

        var flags = r.Map(s, "FeatureFlags");
        // A key with ':' names a pushed alert ("alertmanager:CheckoutErrors"); the others must name a rule.
        foreach (var rule in flags.Keys.Where(k => !k.Contains(':', StringComparison.Ordinal) && !rules.Any(x => x.Name.Equals(k, StringComparison.OrdinalIgnoreCase))))
            r.Error(s.GetSection("FeatureFlags"), rule, $"names no rule of this service (rules: {string.Join(", ", rules.Select(x => x.Name))})");

        var runbook = RunbookReader.Read(r, s, global, poll, flags) with { Autonomy = ReadAutonomy(r, s, rules) };

        var components = ReadComponents(r, s, scope, modules);
        var (provider, fallbacks) = components.Count > 0 ? (components[0].Provider, components[0].Fallbacks) : ReadPart(r, s, scope, modules);
        // Stabilization and database commands run where and as the (first) command provider's do.
        var shell = (components.Count > 0 ? components.SelectMany(c => c.Fallbacks.Prepend(c.Provider)) : fallbacks.Prepend(provider))
            .Select(p => p.Options).OfType<CommandProviderOptions>().FirstOrDefault() ?? new CommandProviderOptions { Service = name };
        var stabilization = r.List(s, "Stabilization").Select(c => RunbookTasksReader.ReadStabilization(r, c, shell)).ToList();
        var smoke = r.List(s, "SmokeTests").Select(c => RunbookTasksReader.ReadHttpCheck(r, c)).ToList();
        var verification = RunbookTasksReader.ReadVerification(r, s.GetSection("Verification"));

        var flagService = ReadFlags(r, s.GetSection("Flags"), scope, modules);
        runbook = runbook with { FlagPollInterval = ReadFlagPoll(r, s.GetSection("Flags"), flagService), VariablePollInterval = ReadVariablePoll(r, s, provider) };

        return new ServiceSettings(name, poll, sources, rules, baselines, runbook, provider, stabilization, smoke, verification)
        {
            Fallbacks = fallbacks,
            Components = components,
            Flags = flagService,
            BaselineSettings = RulesReader.ReadBaselines(r, s.GetSection("Baselines")),
            Database = s.GetSection("Database").Exists() ? DatabaseReader.Read(r, s.GetSection("Database"), shell) : null,
        };
    }

    /// <summary>A <c>Provider</c> and its <c>Fallbacks</c>: of the service, or of one of its components.</summary>
    private static (Configured<IDeploymentProvider> Provider, IReadOnlyList<Configured<IDeploymentProvider>> Fallbacks) ReadPart(
        ConfigReader r, IConfigurationSection s, ReadScope scope, IntegrationRegistry modules)
    {
        var provider = ReadProvider(r, s.GetSection("Provider"), scope, modules);
        var fallbacks = r.List(s, "Fallbacks").Select(f => ReadProvider(r, f, scope, modules)).ToList();
        foreach (var dup in fallbacks.Prepend(provider).GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(s, "Fallbacks", $"provider name '{dup.Key}' is used {dup.Count()} times; give each a distinct Name");
        return (provider, fallbacks);
    }

    private static readonly string[] OwnProviderKeys = ["Provider", "Fallbacks"];

    /// <summary><c>Components</c>: the parts of a service deployed apart (an API, a web app), each with its own provider and fallbacks.</summary>
    private static IReadOnlyList<ComponentSettings> ReadComponents(ConfigReader r, IConfigurationSection s, ReadScope scope, IntegrationRegistry modules)
    {
        var sections = r.List(s, "Components");
        if (sections.Count == 0) return [];
        foreach (var own in OwnProviderKeys.Where(k => s.GetSection(k).Exists()))
        {
            r.Error(s, own, "a service with Components has no provider of its own: give each component its Provider (and Fallbacks)");
            r.Skip(s.GetSection(own));
        }

        var components = sections.Select(c =>
        {
            var name = r.String(c, "Name", required: true) ?? $"component-{c.Key}";
            if (name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
                r.Error(c, "Name", $"'{name}' may only contain letters, digits, '-', '_' and '.'");
            if (!c.GetSection("Provider").Exists()) r.Error(c, "Provider", "is required: the platform this component is deployed on");
            var (provider, fallbacks) = ReadPart(r, c, scope, modules);
            return new ComponentSettings(name, provider, fallbacks);
        }).ToList();
        foreach (var dup in components.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(s, "Components", $"component name '{dup.Key}' is used {dup.Count()} times; give each a distinct Name");
        return components;
    }

    /// <summary>Sentry's sessions API documents 1 h as its smallest interval (API-NOTES §1.3): a crash-free rule judged on less reads noise.</summary>
    private static void CheckCrashFreeWindow(ConfigReader r, IReadOnlyList<(IConfigurationSection Section, Configured<ISignalSource> Source)> sources, IReadOnlyList<Rule> rules)
    {
        foreach (var rule in rules.Where(x => x.Signal == Signal.CrashFreeRate))
        {
            foreach (var (section, source) in sources.Where(x => x.Source.Options is SentryOptions { CrashFree: true } && (rule.Source is null || rule.Source == x.Source.Name)))
            {
                var window = ((SentryOptions)source.Options).Window;
                if (window < SentrySessionsMinInterval)
                    r.Error(section, "Window", $"is {SignalFormat.Duration(window)}, but rule '{rule.Name}' judges the crash-free rate, and Sentry's sessions " +
                        "API documents 1h as its smallest interval: set Window to at least 1h");
            }
        }
    }

    private static readonly TimeSpan SentrySessionsMinInterval = TimeSpan.FromHours(1);

    /// <summary>The <c>Flags</c> section, read by the module its <c>Type</c> names (the environment variables without one).</summary>
    private static Configured<FlagSwitchFactory> ReadFlags(ConfigReader r, IConfigurationSection f, ReadScope scope, IntegrationRegistry modules)
    {
        var type = r.String(f, "Type", DefaultFlagsType)!;
        if (modules.Flag(type)?.Bind(r, f, scope) is { } flags) return flags;
        r.Error(f, "Type", $"'{type}' is not one of {string.Join(", ", modules.Flags.Select(m => m.Type))}");
        r.Skip(f);
        return new Configured<FlagSwitchFactory>(type, type, new object(), [], _ => throw new InvalidOperationException($"flag service type {type} is not registered"));
    }

    /// <summary>
    /// The least interval between two polls of the flag service or the platform's variables: each poll is a listing call
    /// (LaunchDarkly's and Railway's rate limits count it), and a change a poll finds is dated by the service when it can
    /// be, so polling faster buys little.
    /// </summary>
    private static readonly TimeSpan MinChangePoll = TimeSpan.FromSeconds(10);

    /// <summary><c>Flags:PollInterval</c>: zero (the default) is off; only a flag service Watchdog can read may be polled.</summary>
    private static TimeSpan ReadFlagPoll(ConfigReader r, IConfigurationSection f, Configured<FlagSwitchFactory> flags)
    {
        var every = ChangePoll(r, f, "PollInterval");
        if (every > TimeSpan.Zero && flags.Options is EnvironmentFlagsOptions)
            r.Error(f, "PollInterval", "the Environment flags are the platform's variables and are not polled as flags: set VariablePollInterval instead, " +
                "or give Flags a Type that can be read (LaunchDarkly, Unleash, Flagd)");
        return every;
    }

    /// <summary><c>VariablePollInterval</c>: zero (the default) is off; a command provider needs its <c>Variables</c> command.</summary>
    private static TimeSpan ReadVariablePoll(ConfigReader r, IConfigurationSection s, Configured<IDeploymentProvider> provider)
    {
        var every = ChangePoll(r, s, "VariablePollInterval");
        if (every > TimeSpan.Zero && provider.Options is CommandProviderOptions { Variables: null })
            r.Error(s, "VariablePollInterval", $"the command provider '{provider.Name}' has no Variables command to read the variables with (Provider:Variables)");
        return every;
    }

    private static TimeSpan ChangePoll(ConfigReader r, IConfigurationSection s, string key)
    {
        var every = r.Duration(s, key, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (every > TimeSpan.Zero && every < MinChangePoll)
            r.Error(s, key, $"is {SignalFormat.Duration(every)}: zero turns polling off, else at least {SignalFormat.Duration(MinChangePoll)}");
        return every;
    }

    /// <summary>A <c>Provider</c> or <c>Fallbacks:N</c> section, read by the module its <c>Type</c> names.</summary>
    private static Configured<IDeploymentProvider> ReadProvider(ConfigReader r, IConfigurationSection p, ReadScope scope, IntegrationRegistry modules)
    {
        var type = r.String(p, "Type", DefaultProviderType)!;
        if (modules.Provider(type)?.Bind(r, p, scope) is { } provider) return provider;
        r.Error(p, "Type", $"'{type}' is not one of {string.Join(", ", modules.Providers.Select(m => m.Type))}");
        // Its keys mean nothing without a type: the error above says all there is to say.
        r.Skip(p);
        return new Configured<IDeploymentProvider>(type, type, new object(), [], _ => throw new InvalidOperationException($"provider type {type} is not registered"));
    }
}
