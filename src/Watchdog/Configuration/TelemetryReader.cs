using Microsoft.Extensions.Configuration;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary>Where Watchdog reports on itself: <c>Watchdog:Sentry:Dsn</c> for its own errors, the standard OTLP variable for its traces.</summary>
internal static class TelemetryReader
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <returns>The DSN, or null when Sentry is off (no DSN) or the DSN is malformed (then an error names the key, never the value).</returns>
    public static string? SentryDsn(ConfigReader r, IConfigurationSection sentry)
    {
        var dsn = r.Secret(sentry, "Dsn");
        if (dsn is null) return null;
        // The SDK would throw at start-up on a bad DSN with the DSN in the message; this says which key instead.
        if (Uri.TryCreate(dsn, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length > 0 && uri.AbsolutePath.Trim('/').Length > 0)
            return dsn;
        r.Error(sentry, "Dsn", "is not a Sentry DSN (https://PUBLIC_KEY@HOST/PROJECT_ID)");
        return null;
    }

    /// <summary>The OTLP base endpoint from the environment (or the configuration, under the same name); null exports nothing.</summary>
    public static Uri? OtlpEndpoint(ConfigReader r, IConfiguration configuration)
    {
        var value = configuration[OtlpEndpointKey];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        r.Error(configuration.GetSection(OtlpEndpointKey), "must be an absolute http(s) URL");
        return null;
    }
}
