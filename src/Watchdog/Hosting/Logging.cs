using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Watchdog.Core.Reports;

namespace Watchdog.Hosting;

/// <summary>Serilog from the <c>Serilog</c> configuration section (console when there is none), with secrets masked.</summary>
public static class Logging
{
    /// <returns>The logger, or null when the section has problems (then <paramref name="problems"/> names each key).</returns>
    public static Serilog.Core.Logger? Create(IConfiguration configuration, Redactor redactor, out IReadOnlyList<string> problems)
    {
        var config = new LoggerConfiguration().Enrich.With(new RedactingEnricher(redactor));
        problems = [];
        if (configuration.GetSection("Serilog") is { } section && section.Exists())
        {
            problems = LogSettings.Apply(section, config);
            if (problems.Count > 0) return null;
        }
        else
            config.MinimumLevel.Information().MinimumLevel.Override("Microsoft", LogEventLevel.Warning).MinimumLevel.Override("Quartz", LogEventLevel.Warning)
                .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return config.CreateLogger();
    }

    /// <summary>Masks configured secrets in every string property of every event, whatever logged it.</summary>
    public sealed class RedactingEnricher(Redactor redactor) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            foreach (var (name, value) in logEvent.Properties.ToArray())
            {
                if (value is ScalarValue { Value: string s } && redactor.Redact(s) is var clean && clean != s)
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(clean)));
            }
        }
    }
}
