using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Sentry;

/// <summary>Sentry as a second source of error rate and crash-free sessions: <c>Services:N:Sentry</c>, optional.</summary>
public sealed class SentryModule() : SignalSourceModule<SentryOptions>("Sentry", SentryOptionsValidator.Problems, o => o.Name, o => [o.Token])
{
    protected override SentryOptions? Read(ConfigReader r, IConfigurationSection s, ReadScope scope) => !s.Exists() ? null : new()
    {
        Name = r.String(s, "Name", Defaults.Name)!,
        BaseUrl = r.Url(s, "BaseUrl") ?? Defaults.BaseUrl,
        Organization = r.String(s, "Organization"),
        Project = r.String(s, "Project"),
        Environment = r.String(s, "Environment"),
        Release = r.String(s, "Release"),
        Token = r.Secret(s, "Token"),
        Window = r.Duration(s, "Window", Defaults.Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
        Interval = r.Duration(s, "Interval", Defaults.Interval, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)),
        Timeout = r.Duration(s, "Timeout", Defaults.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        MinInterval = r.Duration(s, "MinInterval", Defaults.MinInterval, TimeSpan.Zero, TimeSpan.FromHours(1)),
        MaxBackoff = r.Duration(s, "MaxBackoff", Defaults.MaxBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        ErrorRate = r.Bool(s, "ErrorRate", Defaults.ErrorRate),
        ErrorRateKind = r.Enum(s, "ErrorRateKind", Defaults.ErrorRateKind),
        CrashFree = r.Bool(s, "CrashFree", Defaults.CrashFree),
        TransactionSampleRate = r.Number(s, "TransactionSampleRate", Defaults.TransactionSampleRate, 0.0001, 1),
    };

    /// <remarks>The no-retry client: the source reads Sentry's rate-limit headers itself and skips calls until the reset.</remarks>
    protected override ISignalSource Create(SentryOptions options, IntegrationContext context, ReadScope scope) =>
        new SentrySource(context.Probe(), options, context.Time, context.Logs.CreateLogger<SentrySource>());
}
