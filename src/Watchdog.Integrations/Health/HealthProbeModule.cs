using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Health;

/// <summary>
/// The health endpoint, probed every poll: <c>Services:N:Health</c>. Every service has one; its <c>Url</c> is
/// required. Header values are secrets: an <c>Authorization</c> header is the usual reason to set one.
/// </summary>
public sealed class HealthProbeModule() : SignalSourceModule<HealthOptions>("Health", HealthOptionsValidator.Problems, o => o.Name, o => o.Headers.Values)
{
    protected override HealthOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => new()
    {
        Url = Uri.TryCreate(r.String(s, "Url"), UriKind.Absolute, out var url) ? url : null,
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
        Window = r.Duration(s, "Window", Defaults.Window, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24)),
        StatusField = r.String(s, "StatusField", Defaults.StatusField),
        HealthyStatuses = r.Strings(s, "HealthyStatuses") ?? Defaults.HealthyStatuses,
        MaxBodyBytes = r.Integer(s, "MaxBodyBytes", Defaults.MaxBodyBytes, 0, 16 * 1024 * 1024),
        // Not a key of its own: the probe runs at the service's poll interval.
        Interval = scope.PollInterval,
        Headers = new(r.Map(s, "Headers"), StringComparer.OrdinalIgnoreCase),
    };

    protected override ISignalSource Create(HealthOptions options, IntegrationContext context, ReadScope scope) =>
        new HealthProbeSource(context.Probe(), options, context.Time, context.Logs.CreateLogger<HealthProbeSource>());
}
