using Watchdog.Core.Ports;
using Watchdog.Integrations.Railway;

namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>Railway's HTTP metrics as a source of error rate and p95 latency: <c>Services:N:RailwayMetrics</c>, optional.</summary>
public sealed class RailwayMetricsModule() : SignalSourceModule<RailwayMetricsOptions>(
    "RailwayMetrics", RailwayMetricsOptionsValidator.Problems, o => o.Name, o => [o.Token])
{
    protected override RailwayMetricsOptions? Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => !s.Exists() ? null : new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        Endpoint = r.Url(s, "Endpoint") ?? Defaults.Endpoint,
        Token = r.Secret(s, "Token"),
        TokenKind = r.Enum(s, "TokenKind", Defaults.TokenKind),
        ServiceId = r.String(s, "ServiceId"),
        EnvironmentId = r.String(s, "EnvironmentId"),
        Window = r.Duration(s, "Window", Defaults.Window, TimeSpan.FromSeconds(30), RailwayMetricsOptionsValidator.MaxWindow),
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        MinInterval = r.Duration(s, "MinInterval", Defaults.MinInterval, TimeSpan.Zero, TimeSpan.FromHours(1)),
    };

    /// <remarks>The no-retry client, as for every source: a failed call is a measurement, and MinInterval spaces the calls.</remarks>
    protected override ISignalSource Create(RailwayMetricsOptions options, IntegrationContext context, ReadScope scope) =>
        new RailwayMetricsSource(context.Probe(), options, context.Time, context.Logs.CreateLogger<RailwayMetricsSource>());
}
