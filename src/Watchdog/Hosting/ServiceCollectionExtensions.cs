using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Watchdog.Configuration;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using Watchdog.Core.Runbook;
using Watchdog.Http;
using Watchdog.Integrations.Commands;
using Watchdog.Integrations.Configuration;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Http;
using Watchdog.Integrations.Storage;
using Watchdog.Metrics;
using Watchdog.Core.Channels;

namespace Watchdog.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Probes and checks see the service as users do: no retries, no breaker.</summary>
    public const string ProbeClient = "probe";

    /// <summary>Notifiers (and later platform APIs): timeout, retry with jitter honouring Retry-After, circuit breaker.</summary>
    public const string OutboundClient = "outbound";

    public static IServiceCollection AddWatchdog(this IServiceCollection services, WatchdogSettings settings, Redactor redactor, TimeProvider time)
    {
        services.AddSingleton(settings);
        services.AddSingleton(redactor);
        services.AddSingleton(time);

        // The default HttpClient logging writes full request URLs, and a Slack webhook URL is a secret.
        services.ConfigureHttpClientDefaults(b => b.RemoveAllLoggers());
        // No client follows a redirect (StrictHttp): a probe's 302 is its own answer, a POST redirected into a GET
        // would look like a delivered notification, and a secret header must never reach the Location's origin.
        services.AddHttpClient(ProbeClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(StrictHttp.CreateHandler);
        // One pipeline for the process: the factory recycles handlers, and the breaker's memory must outlive them.
        services.AddSingleton(sp => ResilienceHandler.BuildPipeline(settings.Http, time, sp.GetRequiredService<ILogger<ResilienceHandler>>()));
        services.AddHttpClient(OutboundClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(StrictHttp.CreateHandler)
            .AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredService<Polly.ResiliencePipeline<HttpResponseMessage>>()));

        services.AddSingleton(sp => JournalStores.Create(settings, time, sp.GetRequiredService<ILoggerFactory>()));
        // One registry per host, never prometheus-net's static default: two hosts in one process keep their own counts.
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IncidentMetrics>();
        services.AddSingleton<IIncidentStore>(sp => new MeteredIncidentStore(
            new IncidentStoryLog(sp.GetRequiredService<JournalStore>(), sp.GetRequiredService<ILogger<IncidentStoryLog>>()),
            sp.GetRequiredService<IncidentMetrics>()));
        services.AddSingleton<ILedger>(sp => sp.GetRequiredService<JournalStore>());
        services.AddSingleton<IActionLinks>(settings.Links is { } links ? new ActionLinks(links, time) : NoActionLinks.Instance);
        services.AddSingleton<IJournalInitializer>(sp => new JournalInitializer(sp.GetRequiredService<JournalStore>()));
        services.AddSingleton<ILeases>(sp => sp.GetRequiredService<JournalStore>());
        services.AddSingleton(settings.Store);
        services.AddSingleton<LeaseKeeper>();

        services.AddSingleton(sp => BuildRuntime(sp, settings, redactor, time));
        services.AddSingleton(sp => sp.GetRequiredService<WatchdogRuntime>().Journal);
        services.AddSingleton<WatchdogMetrics>();
        // Before the starter: hosted services stop in reverse, so the leases are given up only after the runbooks stopped.
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.AddHostedService<RuntimeStarter>();
        services.AddHostedService<JournalWatch>();
        services.AddSingleton<ShadowScores>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowScores>());

        services.AddQuartz(q =>
        {
            var slots = PollSlots.For(settings.Services);
            q.UseDefaultThreadPool(slots);
            q.ConfigureScheduler(o => PollSlots.Batch(o, slots));
            foreach (var (drill, i) in settings.Drills.Select((d, i) => (d, i)))
            {
                var job = new JobKey(DrillJob.Name(i, drill.Service));
                q.AddJob<DrillJob>(j => j.WithIdentity(job)
                    .UsingJobData(DrillJob.ServiceKey, drill.Service).UsingJobData(DrillJob.ScheduleKey, drill.Schedule).UsingJobData(DrillJob.RollForwardKey, drill.RollForward));
                // A drill missed (the process was down or busy) waits for its next date: a rehearsal at an hour nobody expects helps nobody.
                q.AddTrigger(t => t.ForJob(job).WithIdentity(DrillJob.Name(i, drill.Service))
                    .WithCronSchedule(drill.Schedule, c => c.InTimeZone(drill.TimeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            }
        });
        // The polls go on the scheduler just before it starts (hosted services start in order).
        services.AddHostedService<PollSchedule>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static WatchdogRuntime BuildRuntime(IServiceProvider sp, WatchdogSettings settings, Redactor redactor, TimeProvider time)
    {
        var http = sp.GetRequiredService<IHttpClientFactory>();
        var logs = sp.GetRequiredService<ILoggerFactory>();
        var store = sp.GetRequiredService<IIncidentStore>();
        var ledger = sp.GetRequiredService<ILedger>();
        var stopping = sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var runner = new CommandRunner(time, logs.CreateLogger<CommandRunner>());
        var context = new IntegrationContext
        {
            Outbound = () => http.CreateClient(OutboundClient),
            Probe = () => http.CreateClient(ProbeClient),
            Resilience = sp.GetRequiredService<Polly.ResiliencePipeline<HttpResponseMessage>>(),
            Time = time,
            Logs = logs,
            Redactor = redactor,
            Ledger = ledger,
            Commands = runner,
        };

        var channels = settings.Notifications.Channels.Select(c => c.Create(context)).Select(n => new Channel(n, settings.Notifications.RouteOf(n.Name)));
        var fanout = new NotifierFanout([.. channels], redactor, time, settings.Notifications.Timeout, ledger, sp.GetRequiredService<IActionLinks>());
        var drillRunners = new List<DrillRunner>();
        var journal = new StoreHealth(sp.GetRequiredService<JournalStore>().Location, fanout, redactor, time, logs.CreateLogger<StoreHealth>());

        CommandTask? DbCommand(CommandTaskOptions? o, params string[] values) => o is null ? null : new CommandTask(o, runner, redactor, logs.CreateLogger<CommandTask>(), values);
        var watches = settings.Services.Select(s =>
        {
            var probe = http.CreateClient(ProbeClient);
            var components = s.Components.Select(c => new ServiceComponent(c.Name, c.Provider.Create(context), [.. c.Fallbacks.Select(f => f.Create(context))])).ToList();
            var provider = components.Count > 0 ? components[0].Provider : s.Provider.Create(context);
            var stabilization = s.Stabilization.Select(step => step.Command is { } c
                ? (IRunbookTask)new CommandTask(c, runner, redactor, logs.CreateLogger<CommandTask>())
                : new HttpCheckTask(probe, step.Http!, time, logs.CreateLogger<HttpCheckTask>())).ToList();
            var smoke = s.SmokeTests.Select(o => (IRunbookTask)new HttpCheckTask(probe, o, time, logs.CreateLogger<HttpCheckTask>())).ToList();
            IVerifier health = new HealthVerifier(probe, s.Health, s.Verification, time, logs.CreateLogger<HealthVerifier>());
            var verifier = provider is CommandProvider { CanVerify: true } command ? new AllVerifiers([health, command]) : health;
            var runbook = new ServiceRunbook(s.Name, s.Runbook, provider, stabilization, smoke, verifier)
            {
                Fallbacks = components.Count > 0 ? components[0].Fallbacks : [.. s.Fallbacks.Select(f => f.Create(context))],
                Components = components,
                Flags = s.Flags?.Create(context)(provider),
                DatabaseStatus = DbCommand(s.Database?.MigrationStatus),
                DatabaseBackup = DbCommand(s.Database?.Backup),
                DatabaseRestore = DbCommand(s.Database?.Restore),
                DatabaseResolve = s.Database?.ResolveRolledBack is { } resolve ? new MigrationResolveTask(DbCommand(resolve, CommandTemplate.Migration)!) : null,
                Fence = new LeaseFence(),
            };
            var sources = s.Sources.Select(x => x.Create(context)).ToList();
            drillRunners.Add(new DrillRunner(runbook, store, ledger, fanout, redactor, time));
            return new ServiceWatch(runbook, new RuleSet(s.Rules, s.Baselines, s.BaselineSettings), sources, store, fanout, redactor, time, stopping, ledger, sp.GetRequiredService<IActionLinks>(), journal);
        }).ToList();
        return new WatchdogRuntime(watches, drillRunners, settings.Drills, logs) { Fanout = fanout, Journal = journal };
    }

    private sealed class JournalInitializer(JournalStore store) : IJournalInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);
    }
}
