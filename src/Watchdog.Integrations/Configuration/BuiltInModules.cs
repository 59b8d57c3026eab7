using Watchdog.Integrations.Commands;
using Watchdog.Integrations.EnvironmentFlags;
using Watchdog.Integrations.Flagd;
using Watchdog.Integrations.LaunchDarkly;
using Watchdog.Integrations.Unleash;
using Watchdog.Integrations.Health;
using Watchdog.Integrations.Kubernetes;
using Watchdog.Integrations.PagerDuty;
using Watchdog.Integrations.Prometheus;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.RailwayMetrics;
using Watchdog.Integrations.Sentry;
using Watchdog.Integrations.Slack;
using Watchdog.Integrations.Statuspage;
using Watchdog.Integrations.Teams;
using Watchdog.Integrations.Vercel;
using Watchdog.Integrations.Webhooks;

namespace Watchdog.Integrations.Configuration;

/// <summary>The integrations shipped with Watchdog: one line each. A new integration is its folder and a line here.</summary>
public static class BuiltInModules
{
    public static IntegrationRegistry AddBuiltIns(this IntegrationRegistry modules) => modules
        .Add(new CommandModule())
        .Add(new RailwayModule())
        .Add(new VercelModule())
        .Add(new KubernetesModule())
        .Add(new HealthProbeModule())
        .Add(new SentryModule())
        .Add(new PrometheusModule())
        .Add(new RailwayMetricsModule())
        .Add(new SlackModule())
        .Add(new WebhookModule())
        .Add(new TeamsModule())
        .Add(new PagerDutyModule())
        .Add(new StatuspageModule())
        .Add(new EnvironmentFlagsModule())
        .Add(new LaunchDarklyModule())
        .Add(new UnleashModule())
        .Add(new FlagdModule());
}
