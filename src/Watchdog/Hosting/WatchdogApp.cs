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

/// <summary>Builds the host: configuration (appsettings.json beside the binary, an optional extra file, environment, arguments), validation, logging, services, endpoints.</summary>
public static partial class WatchdogApp
{
    public const string DefaultUrls = "http://0.0.0.0:8080";

    /// <returns>The host, or null when the configuration is invalid (then <paramref name="errors"/> says why).</returns>
    /// <param name="configuration">Used instead of appsettings.json (the demo, tests); <paramref name="configFile"/> does the same from a file.</param>
    public static WebApplication? Build(string[] args, string? configFile, out IReadOnlyList<string> errors,
        IConfigurationSource? configuration = null, TimeProvider? time = null)
    {
        var builder = CreateBuilder(args, configFile, configuration, out errors);
        var settings = errors.Count == 0 ? SettingsLoader.Load(builder.Configuration, out errors) : null;
        if (settings is null) return null;

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrls);
        var redactor = new Redactor(settings.Secrets);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(Logging.Create(builder.Configuration, redactor), dispose: true);
        builder.Services.AddWatchdog(settings, redactor, time ?? TimeProvider.System);

        var app = builder.Build();
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

    public static WatchdogSettings? LoadSettings(string[] args, string? configFile, out IReadOnlyList<string> errors)
    {
        var builder = CreateBuilder(args, configFile, null, out errors);
        return errors.Count == 0 ? SettingsLoader.Load(builder.Configuration, out errors) : null;
    }

    private static WebApplicationBuilder CreateBuilder(string[] args, string? configFile, IConfigurationSource? configuration, out IReadOnlyList<string> errors)
    {
        errors = [];
        // appsettings.json is read from beside the binary, so `dotnet run`, the container and a
        // published folder all find the same file wherever they are started from.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (configFile is not null && !File.Exists(configFile))
        {
            errors = [$"--config: file '{configFile}' does not exist"];
        }
        else if (configFile is not null)
        {
            var file = new JsonConfigurationSource { Path = Path.GetFullPath(configFile), Optional = false, ReloadOnChange = false };
            file.ResolveFileProvider();
            configuration = file;
        }

        if (configuration is not null)
            ReplaceAppSettings(builder.Configuration, configuration);
        return builder;
    }

    /// <summary>
    /// Puts <paramref name="replacement"/> where appsettings.json was. Replacing rather than adding
    /// spares users the surprise of two files' arrays merged by index; the environment and the
    /// command line still have the last word.
    /// </summary>
    private static void ReplaceAppSettings(IConfigurationBuilder configuration, IConfigurationSource replacement)
    {
        var sources = configuration.Sources;
        static bool IsAppSettings(IConfigurationSource s) => s is JsonConfigurationSource j && j.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true;
        var at = sources.ToList().FindIndex(IsAppSettings);
        foreach (var old in sources.Where(IsAppSettings).ToList())
            sources.Remove(old);
        sources.Insert(Math.Max(at, 0), replacement);
    }
}
