using Microsoft.Extensions.Configuration;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Storage;

namespace Watchdog.Configuration;

/// <summary>
/// Turns the <c>Watchdog</c> configuration section into <see cref="WatchdogSettings"/>, reporting every problem at
/// once, one line each naming its key. It only composes: each integration's keys are read by its module, the
/// service's own by <see cref="ServiceReader"/>. Nothing is polled unless this succeeds.
/// </summary>
public static class SettingsLoader
{
    public const string Section = "Watchdog";

    public static WatchdogSettings? Load(IConfiguration configuration, out IReadOnlyList<string> errors) =>
        Load(configuration, IntegrationRegistry.BuiltIn, out errors);

    /// <param name="contentRoot">What relative paths (DataDirectory, <c>*File</c> secrets, WorkingDirectory) resolve against.</param>
    public static WatchdogSettings? Load(IConfiguration configuration, string contentRoot, out IReadOnlyList<string> errors) =>
        Load(configuration, IntegrationRegistry.BuiltIn, out errors, contentRoot);

    /// <param name="modules">The integrations that may be configured; tests add their own to the built-in ones.</param>
    /// <param name="contentRoot">Default: the current directory, the .NET host's own default content root.</param>
    /// <param name="observer">Told of every key read (the schema generator records a load).</param>
    /// <param name="pod">The environment and mount table the pod checks read; default this process's.</param>
    public static WatchdogSettings? Load(IConfiguration configuration, IntegrationRegistry modules, out IReadOnlyList<string> errors, string? contentRoot = null,
        IConfigObserver? observer = null, PodFacts? pod = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(modules);
        var r = new ConfigReader(contentRoot) { Observer = observer };
        var root = configuration.GetSection(Section);
        var scope = new ReadScope(root);
        var global = RunbookReader.ReadGlobal(r, root);
        var dataDirectory = r.FilePath(root, "DataDirectory", new SqliteStoreOptions().DataDirectory)!;
        var store = StoreReader.Read(r, root.GetSection("Store"));
        var http = ResilienceOptionsReader.Read(r, root.GetSection("Http"));
        var notifications = NotificationsReader.Read(r, root.GetSection("Notifications"), scope, modules);
        var (alertmanager, sentryHook) = HooksReader.Read(r, root.GetSection("Hooks"));
        var deployHooks = HooksReader.ReadDeploys(r, root.GetSection("Hooks"));
        var flagHooks = HooksReader.ReadFlags(r, root.GetSection("Hooks"));
        var (apiToken, readToken, links) = ApiReader.Read(r, root.GetSection("Api"));
        var sentryDsn = TelemetryReader.SentryDsn(r, root.GetSection("Sentry"));
        var otlp = TelemetryReader.OtlpEndpoint(r, configuration);
        foreach (var source in modules.Sources) source.Prepare(r, scope);

        var serviceSections = r.List(root, "Services");
        if (serviceSections.Count == 0)
            r.Error(root, "Services", "is empty: configure at least one service to watch");
        var read = serviceSections.Select(s => (Section: s, Service: ServiceReader.Read(r, s, global, scope, modules))).ToList();
        var services = read.Select(s => s.Service).ToList();

        foreach (var dup in services.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(root, "Services", $"service name '{dup.Key}' is used {dup.Count()} times; names must be unique");

        NotificationsReader.Check(r, notifications, services);
        HooksReader.CheckDeploys(r, root.GetSection("Hooks"), deployHooks, services);
        HooksReader.CheckFlags(r, root.GetSection("Hooks"), flagHooks, services);
        ReachCheck.Check(r, root, notifications, read);
        SidecarCheck.Check(r, root, dataDirectory, store, read, pod ?? PodFacts.Current);
        var drills = DrillSettingsReader.Read(r, root, services, TimeProvider.System.GetUtcNow());

        r.ReportUnknownKeys(root);
        errors = r.Errors;
        return r.Errors.Count == 0
            ? new WatchdogSettings(global.Mode, dataDirectory, http, notifications.Settings, services) { Store = store, ApiToken = apiToken, ReadToken = readToken, Alertmanager = alertmanager, SentryHook = sentryHook, DeployHooks = deployHooks, FlagHooks = flagHooks, Links = links, SentryDsn = sentryDsn, OtlpEndpoint = otlp, Drills = drills, Warnings = r.Warnings }
            : null;
    }
}
