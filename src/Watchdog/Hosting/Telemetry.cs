using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sentry;
using Sentry.Extensions.Logging;
using Watchdog.Configuration;
using Watchdog.Core.Reports;
using Watchdog.Core.Runbook;

namespace Watchdog.Hosting;

/// <summary>Watchdog reporting on itself: its own errors to Sentry, its incidents as OTLP traces. Both are off unless configured.</summary>
public static class Telemetry
{
    /// <summary>How long shutdown waits for queued Sentry events.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Error-level log events (a failed runbook, a lost journal, an unhandled exception) become Sentry events; lower
    /// ones ride along as breadcrumbs. Everything leaving is scrubbed by the logs' own redactor.
    /// </summary>
    public static void AddSentry(ILoggingBuilder logging, string dsn, Redactor redactor) =>
        logging.AddSentry(o =>
        {
            o.Dsn = dsn;
            o.Release = BuildVersion.Current;
            o.SendDefaultPii = false;
            o.MinimumEventLevel = LogLevel.Error;
            o.MinimumBreadcrumbLevel = LogLevel.Information;
            o.ShutdownTimeout = FlushTimeout;
            o.SetBeforeSend((e, _) => Scrub(e, redactor));
            // An event's breadcrumbs cannot be replaced in BeforeSend, so each is scrubbed on its way into the scope.
            o.SetBeforeBreadcrumb((b, _) => Scrub(b, redactor));
        });

    internal static SentryEvent Scrub(SentryEvent e, Redactor redactor)
    {
        if (e.Message is { } m)
            e.Message = new SentryMessage { Message = redactor.Redact(m.Message), Formatted = redactor.Redact(m.Formatted), Params = m.Params?.Select(p => (object)redactor.Redact(p?.ToString())).ToList() };
        foreach (var x in e.SentryExceptions ?? [])
            x.Value = redactor.Redact(x.Value);
        foreach (var (key, value) in e.Extra.ToList())
        {
            if (value?.ToString() is { } text && redactor.Redact(text) is var clean && clean != text)
                e.SetExtra(key, clean);
        }

        foreach (var (key, value) in e.Tags.ToList())
            e.SetTag(key, redactor.Redact(value));
        return e;
    }

    // Called as the breadcrumb is added, so the new one's own timestamp (the public constructor takes none) is the same moment.
    private static Breadcrumb Scrub(Breadcrumb b, Redactor redactor) =>
        new(redactor.Redact(b.Message), b.Type ?? "default", b.Data?.ToDictionary(d => d.Key, d => redactor.Redact(d.Value)), b.Category, b.Level);

    /// <summary>
    /// Traces of incidents (<see cref="IncidentTrace"/>) over OTLP, HTTP/protobuf unless <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> says grpc.
    /// The exporter reads the other standard variables (headers, timeout) itself. Disposed with the host, which flushes the batch.
    /// </summary>
    public static void AddTracing(IServiceCollection services, Uri endpoint, IConfiguration configuration) =>
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .AddSource(IncidentTrace.SourceName)
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "watchdog", serviceVersion: BuildVersion.Current))
            .AddOtlpExporter(o =>
            {
                var grpc = string.Equals(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
                o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                // Set here the endpoint is taken as is: over HTTP the signal's path is ours to add, as the variable's would be.
                o.Endpoint = grpc ? endpoint : new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/traces");
            })
            .Build());
}
