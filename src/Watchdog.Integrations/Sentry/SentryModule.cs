using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Integrations.Sentry;

/// <summary>Sentry as a second source of error rate and crash-free sessions: <c>Services:N:Sentry</c>, optional.</summary>
public sealed class SentryModule : SignalSourceModule<SentryOptions>
{
    public override string Type => "Sentry";

    protected override SentryOptions? Read(ConfigReader r, IConfigurationSection s, ReadScope scope)
    {
        if (!s.Exists()) return null;
        var d = new SentryOptions();
        var o = new SentryOptions
        {
            Name = r.String(s, "Name", d.Name)!,
            BaseUrl = r.Url(s, "BaseUrl") ?? d.BaseUrl,
            Organization = r.String(s, "Organization"),
            Project = r.String(s, "Project"),
            Environment = r.String(s, "Environment"),
            Release = r.String(s, "Release"),
            Token = r.Secret(s, "Token"),
            Window = r.Duration(s, "Window", d.Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
            Interval = r.Duration(s, "Interval", d.Interval, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)),
            Timeout = r.Duration(s, "Timeout", d.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            MinInterval = r.Duration(s, "MinInterval", d.MinInterval, TimeSpan.Zero, TimeSpan.FromHours(1)),
            MaxBackoff = r.Duration(s, "MaxBackoff", d.MaxBackoff, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            ErrorRate = r.Bool(s, "ErrorRate", d.ErrorRate),
            CrashFree = r.Bool(s, "CrashFree", d.CrashFree),
            TransactionSampleRate = r.Number(s, "TransactionSampleRate", d.TransactionSampleRate, 0.0001, 1),
        };
        r.Problems(s, SentryOptionsValidator.Problems(o));
        return o;
    }

    protected override string NameOf(SentryOptions options) => options.Name;

    protected override IEnumerable<string?> SecretsOf(SentryOptions options) => [options.Token];

    /// <remarks>The no-retry client: the source reads Sentry's rate-limit headers itself and skips calls until the reset.</remarks>
    protected override ISignalSource Create(SentryOptions options, IntegrationContext context, ReadScope scope) =>
        new SentrySource(context.Probe(), options, context.Time, context.Logs.CreateLogger<SentrySource>());
}
