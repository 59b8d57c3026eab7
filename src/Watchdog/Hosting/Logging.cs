using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Watchdog.Core.Reports;

namespace Watchdog.Hosting;

/// <summary>Serilog from the <c>Serilog</c> configuration section (console when there is none), with secrets masked.</summary>
public static class Logging
{
    public static Serilog.Core.Logger Create(IConfiguration configuration, Redactor redactor)
    {
        var config = new LoggerConfiguration().Enrich.With(new RedactingEnricher(redactor));
        if (configuration.GetSection("Serilog").Exists())
            config.ReadFrom.Configuration(configuration);
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
