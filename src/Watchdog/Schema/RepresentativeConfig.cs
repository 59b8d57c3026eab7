using Watchdog.Integrations.Configuration;

namespace Watchdog.Schema;

/// <summary>
/// A configuration that takes every branch of the readers: every provider type as a provider and as a fallback,
/// every source, every notification channel kind, every hook, the API links, a drill, both kinds of stabilization
/// step. It sets only what makes a section exist or picks a type; every other key is left to its default, so the
/// defaults recorded are the code's.
/// </summary>
internal static class RepresentativeConfig
{
    /// <summary>One service per provider type, each with the next type as its fallback; one channel of every kind.</summary>
    public static Dictionary<string, string?> Values(IntegrationRegistry modules)
    {
        string[] providerTypes = [.. modules.Providers.Select(m => m.Type)];
        string[] flagTypes = [.. modules.Flags.Select(m => m.Type)];
        var v = new Dictionary<string, string?>
        {
            ["Watchdog:Prometheus:BaseUrl"] = "http://127.0.0.1:9090",
            ["Watchdog:Hooks:Alertmanager:Token"] = "t",
            ["Watchdog:Hooks:Sentry:ClientSecret"] = "s",
            ["Watchdog:Hooks:Vercel:Secret"] = "s",
            ["Watchdog:Hooks:Vercel:Projects:prj"] = "s0",
            ["Watchdog:Hooks:GitHub:Secret"] = "s",
            ["Watchdog:Hooks:GitHub:Deployments:0:Repository"] = "o/r",
            ["Watchdog:Hooks:Railway:Token"] = "t",
            ["Watchdog:Hooks:LaunchDarkly:Secret"] = "s",
            ["Watchdog:Hooks:Unleash:Token"] = "t",
            ["Watchdog:Api:PublicUrl"] = "http://127.0.0.1:8080",
            ["Watchdog:Drills:0:Service"] = "s0",
        };
        foreach (var (kind, i) in modules.Notifiers.Select((m, i) => (m.Section, i))) v[$"Watchdog:Notifications:{kind}:0:Name"] = $"c{i}";
        for (var i = 0; i < providerTypes.Length; i++)
        {
            var s = $"Watchdog:Services:{i}";
            v[$"{s}:Name"] = $"s{i}";
            v[$"{s}:Health:Url"] = "http://127.0.0.1:3000/health";
            v[$"{s}:Sentry:Organization"] = "o";
            v[$"{s}:RailwayMetrics:ServiceId"] = "svc";
            v[$"{s}:Rules:0:Name"] = "r";
            v[$"{s}:Provider:Type"] = providerTypes[i];
            v[$"{s}:Fallbacks:0:Type"] = providerTypes[(i + 1) % providerTypes.Length];
            if (flagTypes.Length > 0) v[$"{s}:Flags:Type"] = flagTypes[i % flagTypes.Length];
            v[$"{s}:Stabilization:0:Command"] = "true";
            v[$"{s}:Stabilization:1:Http:Url"] = "http://127.0.0.1:3000/cache";
            v[$"{s}:SmokeTests:0:Url"] = "http://127.0.0.1:3000/login";
            v[$"{s}:Database:Backup"] = "true";
            v[$"{s}:Database:Restore"] = "true";
        }

        // A service of parts: one component per provider type, each with a fallback of the next type.
        var parts = $"Watchdog:Services:{providerTypes.Length}";
        v[$"{parts}:Name"] = "parts";
        v[$"{parts}:Health:Url"] = "http://127.0.0.1:3000/health";
        for (var i = 0; i < providerTypes.Length; i++)
        {
            v[$"{parts}:Components:{i}:Name"] = $"c{i}";
            v[$"{parts}:Components:{i}:Provider:Type"] = providerTypes[i];
            v[$"{parts}:Components:{i}:Fallbacks:0:Type"] = providerTypes[(i + 1) % providerTypes.Length];
        }

        return v;
    }
}
