using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Watchdog.Configuration;
using Watchdog.Core.Reports;
using Watchdog.Http;

namespace Watchdog.Hosting;

/// <summary>Builds the host: configuration (appsettings.json in the content root or the <c>--config</c> file instead, then environment, then arguments), validation, logging, services, endpoints.</summary>
public static partial class WatchdogApp
{
    public const string DefaultUrls = "http://0.0.0.0:8080";

    /// <returns>The host, or null when the configuration is invalid (then <paramref name="errors"/> says why).</returns>
    /// <param name="configuration">Used instead of appsettings.json (the demo, tests); <see cref="ConfigLocation.File"/> does the same from a file.</param>
    public static WebApplication? Build(string[] args, ConfigLocation? location, out IReadOnlyList<string> errors,
        IConfigurationSource? configuration = null, TimeProvider? time = null)
    {
        var builder = CreateBuilder(args, location, configuration, out errors);
        var settings = builder is null ? null : SettingsLoader.Load(builder.Configuration, builder.Environment.ContentRootPath, out errors);
        if (settings is null) return null;
        ForgetServices(builder!.Configuration);

        if (string.IsNullOrEmpty(builder!.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrls);
        var redactor = new Redactor(settings.Secrets);
        if (Logging.Create(builder.Configuration, redactor, out errors) is not { } logger) return null;
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        if (settings.SentryDsn is { } dsn) Telemetry.AddSentry(builder.Logging, dsn, redactor);
        builder.Services.AddWatchdog(settings, redactor, time ?? TimeProvider.System);
        // The API's contracts only, not reflection: what the JIT build answers is what the native build answers.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver = ApiJson.Default);
        if (settings.OtlpEndpoint is { } otlp) Telemetry.AddTracing(builder.Services, otlp, builder.Configuration);

        var app = builder.Build();
        // Built now, so that it listens from the first incident on; the container disposes (and flushes) it on shutdown.
        app.Services.GetService<OpenTelemetry.Trace.TracerProvider>();
        // Disposing Sentry's logger provider does not wait for its queue: what a failing shutdown said would be lost.
        if (settings.SentryDsn is not null) app.Lifetime.ApplicationStopped.Register(() => Sentry.SentrySdk.Flush(Telemetry.FlushTimeout));
        app.MapWatchdog();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Watchdog");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            LogStarted(log, app.Urls, settings.Services.Count, settings.Mode);
            foreach (var w in settings.Warnings) LogConfigWarning(log, w);
        });
        return app;
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Configuration: {Warning}")]
    private static partial void LogConfigWarning(Microsoft.Extensions.Logging.ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog listening on {Urls}; watching {Count} service(s) in {Mode} mode")]
    private static partial void LogStarted(Microsoft.Extensions.Logging.ILogger logger, ICollection<string> urls, int count, Core.Incidents.Mode mode);

    /// <summary>The settings exactly as <see cref="Build"/> would read them (check-config and the API verbs), without a host.</summary>
    public static WatchdogSettings? LoadSettings(string[] args, ConfigLocation? location, out IReadOnlyList<string> errors)
    {
        var builder = CreateBuilder(args, location, null, out errors);
        var settings = builder is null ? null : SettingsLoader.Load(builder.Configuration, builder.Environment.ContentRootPath, out errors);
        if (settings is null) return null;
        // The Serilog section is read when the host starts; check-config must refuse what the start would.
        errors = LogSettings.Check(builder!.Configuration);
        return errors.Count > 0 ? null : settings;
    }

    /// <returns>Null when the content root or the <c>--config</c> file cannot be found (then <paramref name="errors"/> says which).</returns>
    private static WebApplicationBuilder? CreateBuilder(string[] args, ConfigLocation? location, IConfigurationSource? configuration, out IReadOnlyList<string> errors)
    {
        location ??= new ConfigLocation();
        // Resolved here rather than left to the host so that a missing directory is one clear error naming its source.
        if (location.ResolveContentRoot(out var rootError) is not { } contentRoot)
        {
            errors = [rootError!];
            return null;
        }

        var file = location.File is null ? null : Path.GetFullPath(location.File);
        if (file is not null && !File.Exists(file))
        {
            errors = [$"--config: file '{file}' does not exist"];
            return null;
        }

        errors = [];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        if (file is not null)
        {
            var json = new IndexedJsonConfigurationSource { Path = file, Optional = false, ReloadOnChange = false };
            json.ResolveFileProvider();
            configuration = json;
        }

        if (configuration is not null)
            ReplaceAppSettings(builder.Configuration, configuration);
        else
            IndexAppSettings(builder.Configuration);
        return builder;
    }

    /// <summary>The content root's appsettings files, read through an index: a fleet's configuration is read in linear time.</summary>
    private static void IndexAppSettings(IConfigurationBuilder configuration)
    {
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource json and not IndexedJsonConfigurationSource && IsAppSettings(json))
                sources[i] = IndexedJsonConfigurationSource.Of(json);
        }
    }

    /// <summary>The services' keys, read into <see cref="WatchdogSettings"/> already, need not be kept for the host's life.</summary>
    private static void ForgetServices(IConfigurationRoot configuration)
    {
        foreach (var provider in configuration.Providers.OfType<IndexedJsonConfigurationProvider>())
            provider.Forget(ServicesSection);
    }

    private const string ServicesSection = "Watchdog:Services";

    private static bool IsAppSettings(IConfigurationSource s) => s is JsonConfigurationSource j && j.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// Puts <paramref name="replacement"/> where appsettings.json was. Replacing rather than adding
    /// spares users the surprise of two files' arrays merged by index; the environment and the
    /// command line still have the last word.
    /// </summary>
    private static void ReplaceAppSettings(IConfigurationBuilder configuration, IConfigurationSource replacement)
    {
        var sources = configuration.Sources;
        var at = sources.ToList().FindIndex(IsAppSettings);
        foreach (var old in sources.Where(IsAppSettings).ToList())
            sources.Remove(old);
        sources.Insert(Math.Max(at, 0), replacement);
    }
}
