using Watchdog.Integrations.DeployHooks;
using Watchdog.Integrations.Railway;
using Watchdog.Integrations.Vercel;

namespace Watchdog.Configuration;

/// <summary>
/// Which watched service a platform's deploy event is about, by the platform's identity of it: the Vercel project a
/// service's Vercel provider names (or <c>Hooks:Vercel:Projects</c>), the Railway service and environment of its Railway
/// provider, the repository and environment <c>Hooks:GitHub:Deployments</c> maps. Providers and fallbacks (of every component) count:
/// a service's frontend may be on Vercel while its backend is elsewhere.
/// </summary>
public static class DeployTargets
{
    /// <summary>The service of a Vercel project id or name; null when none or when two services claim it.</summary>
    public static string? Vercel(WatchdogSettings settings, string project)
    {
        if (settings.DeployHooks.Vercel?.Projects.GetValueOrDefault(project) is { } mapped) return mapped;
        var matches = settings.Services
            .Where(s => Providers(s).OfType<VercelOptions>().Any(v => string.Equals(v.ProjectId, project, StringComparison.OrdinalIgnoreCase)))
            .Select(s => s.Name).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    public static string? GitHub(WatchdogSettings settings, string identity) => settings.DeployHooks.GitHub?.Deployments.GetValueOrDefault(identity);

    /// <summary>The service on this Railway service and environment, with the provider settings its event is confirmed through.</summary>
    public static (string Service, RailwayOptions Options)? Railway(WatchdogSettings settings, string identity) =>
        settings.Services.SelectMany(s => RailwayOf(s).Select(o => (s.Name, o)))
            .Where(x => RailwayDeployHook.Identity(x.o.ServiceId ?? "", x.o.EnvironmentId ?? "") == identity)
            .Select(x => ((string, RailwayOptions)?)x).FirstOrDefault();

    /// <summary>The Railway providers of a service (primary and fallbacks).</summary>
    public static IEnumerable<RailwayOptions> RailwayOf(ServiceSettings service) => Providers(service).OfType<RailwayOptions>();

    private static IEnumerable<object> Providers(ServiceSettings s) => s.AllProviders.Select(p => p.Options);
}
