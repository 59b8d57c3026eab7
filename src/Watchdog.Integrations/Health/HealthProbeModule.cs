using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Health;

/// <summary>The health endpoint, probed every poll: <c>Services:N:Health</c>. Every service has one; its <c>Url</c> is required.</summary>
public sealed class HealthProbeModule : SignalSourceModule<HealthOptions>
{
    public override string Type => "Health";

    protected override HealthOptions Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        var d = new HealthOptions();
        var o = new HealthOptions
        {
            Url = Uri.TryCreate(r.String(s, "Url"), UriKind.Absolute, out var url) ? url : null,
            Timeout = r.Duration(s, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
            Window = r.Duration(s, "Window", d.Window, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24)),
            StatusField = r.String(s, "StatusField", d.StatusField),
            HealthyStatuses = r.Strings(s, "HealthyStatuses") ?? d.HealthyStatuses,
            MaxBodyBytes = r.Integer(s, "MaxBodyBytes", d.MaxBodyBytes, 0, 16 * 1024 * 1024),
            // Not a key of its own: the probe runs at the service's poll interval.
            Interval = scope.PollInterval,
            Headers = new(r.Map(s, "Headers"), StringComparer.OrdinalIgnoreCase),
        };
        r.Problems(s, HealthOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(HealthOptions options) => options.Name;

    /// <summary>Header values: an <c>Authorization</c> header is the usual reason to set one.</summary>
    protected override IEnumerable<string?> SecretsOf(HealthOptions options) => options.Headers.Values;

    protected override ISignalSource Create(HealthOptions options, IntegrationContext context, ReadScope scope) =>
        new HealthProbeSource(context.Probe(), options, context.Time, context.Logs.CreateLogger<HealthProbeSource>());
}
