using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Parsing;
using Watchdog.Core.Reports;
using Watchdog.Hosting;
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
    public async Task Host_FileSinkWithCompactJsonFormatter_WritesOneLineEventsWithSecretsMasked()
    {
        const string secret = "api-token-for-the-compact-test";
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        var logFile = Path.Combine(Directory.CreateTempSubdirectory("watchdog-log-").FullName, "watchdog.json");
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Watchdog:Api:Token"] = secret;
        settings["Serilog:MinimumLevel:Default"] = "Information";
        settings["Serilog:WriteTo:0:Name"] = "File";
        settings["Serilog:WriteTo:0:Args:path"] = logFile;
        settings["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact";

        await using (var host = await InProcessHost.StartAsync(settings))
        {
            var log = host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Test");
            log.LogWarning("calling with {Header}", "Bearer " + secret);
        }

        var lines = await File.ReadAllLinesAsync(logFile);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var started = events.First(e => e.GetProperty("@mt").GetString()!.StartsWith("Watchdog listening on", StringComparison.Ordinal));
        started.GetProperty("@t").ValueKind.ShouldBe(JsonValueKind.String);
        var warning = events.Single(e => e.TryGetProperty("Header", out _));
        warning.GetProperty("@l").GetString().ShouldBe("Warning");
        warning.GetProperty("Header").GetString().ShouldBe("Bearer ***");
        File.ReadAllText(logFile).ShouldNotContain(secret);
    }

    [Theory]
    [InlineData("Serilog:WriteTo:0:Name", "Seq", "Serilog:WriteTo:0:Name: 'Seq' is not a sink Watchdog has (it has Console, File, Async)")]
    [InlineData("Serilog:MinimumLevel:Default", "Loud", "Serilog:MinimumLevel:Default: 'Loud' is not one of Verbose, Debug, Information, Warning, Error, Fatal")]
    [InlineData("Serilog:WriteTo:0:Args:theme", "x", "Serilog:WriteTo:0:Args:theme: not read by the Console sink (it reads outputTemplate, formatter, restrictedToMinimumLevel)")]
    [InlineData("Serilog:Filter:0:Name", "ByExcluding", "Serilog:Filter: not a Serilog key Watchdog reads (it reads MinimumLevel, WriteTo, Enrich, Properties)")]
    public void Host_SerilogKeyItDoesNotRead_IsAConfigurationErrorNamingTheKey(string key, string value, string error)
    {
        var settings = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"));
        settings["Watchdog:DataDirectory"] = Directory.CreateTempSubdirectory("watchdog-log-").FullName;
        settings["Serilog:WriteTo:0:Name"] = "Console";
        settings[key] = value;

        var app = WatchdogApp.Build(["--urls", "http://127.0.0.1:0"], null, out var errors, new MemoryConfigurationSource { InitialData = settings });

        app.ShouldBeNull();
        errors.ShouldBe([error]);
    }

    [Fact]
    public async Task Host_AsyncFileSinkWithAnOutputTemplate_WritesThroughIt()
    {
        await using var target = await TestPeer.StartAsync(app => app.MapGet("/health", () => "ok"));
        var logFile = Path.Combine(Directory.CreateTempSubdirectory("watchdog-log-").FullName, "watchdog.log");
        var settings = InProcessHost.Service(target.Url("health"));
        settings["Serilog:MinimumLevel:Default"] = "Information";
        settings["Serilog:MinimumLevel:Override:Test"] = "Error";
        settings["Serilog:WriteTo:0:Name"] = "Async";
        settings["Serilog:WriteTo:0:Args:configure:0:Name"] = "File";
        settings["Serilog:WriteTo:0:Args:configure:0:Args:path"] = logFile;
        settings["Serilog:WriteTo:0:Args:configure:0:Args:outputTemplate"] = "<{Level:u3}> {Message:lj}{NewLine}";

        await using (var host = await InProcessHost.StartAsync(settings))
        {
            var factory = host.App.Services.GetRequiredService<ILoggerFactory>();
            factory.CreateLogger("Test").LogWarning("held back by the override");
            factory.CreateLogger("Other").LogWarning("written with {Count}", 3);
        }

        var text = await File.ReadAllTextAsync(logFile);
        text.ShouldContain("<WRN> written with 3");
        text.ShouldContain("<INF> Watchdog listening on");
        text.ShouldNotContain("held back");
    }
}
