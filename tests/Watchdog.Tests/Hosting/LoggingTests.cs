using Microsoft.AspNetCore.Builder;
using Serilog.Events;
using Serilog.Parsing;
using Watchdog.Core.Reports;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

public class LoggingTests
{
    [Fact]
    public void RedactingEnricher_SecretInAStringProperty_IsMasked()
    {
        var enricher = new Watchdog.Hosting.Logging.RedactingEnricher(new Redactor(["hooks-secret-T000/B000/XXXX"]));
        var evt = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Warning, null, new MessageTemplateParser().Parse("posting to {Url}"),
            [new LogEventProperty("Url", new ScalarValue("https://hooks.slack.com/services/hooks-secret-T000/B000/XXXX")), new LogEventProperty("Count", new ScalarValue(3))]);

        enricher.Enrich(evt, null!);

        evt.Properties["Url"].ToString().ShouldBe("\"https://hooks.slack.com/services/***\"");
        evt.Properties["Count"].ToString().ShouldBe("3");
    }

    [Fact]
    public async Task Host_SerilogFileSinkWithJsonFormatter_WritesJsonLines()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        var logFile = Path.Combine(Directory.CreateTempSubdirectory("watchdog-log-").FullName, "watchdog.json");
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Serilog:MinimumLevel:Default"] = "Information";
        settings["Serilog:WriteTo:0:Name"] = "File";
        settings["Serilog:WriteTo:0:Args:path"] = logFile;
        settings["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog";

        await using (await InProcessHost.StartAsync(settings))
        {
        }

        var lines = await File.ReadAllLinesAsync(logFile);
        lines.ShouldContain(l => l.StartsWith("{\"Timestamp\"", StringComparison.Ordinal) && l.Contains("Watchdog listening on", StringComparison.Ordinal));
    }
}
