using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Watchdog.Hosting;

namespace Watchdog.Tests.Support;

/// <summary>The real host in this process, on a loopback port, configured from a dictionary instead of appsettings.json.</summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private InProcessHost(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public string DataDirectory { get; }

    /// <param name="time">The host's clock (its lease rounds, its incidents); the system clock when null.</param>
    public static async Task<InProcessHost> StartAsync(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var data = Directory.CreateTempSubdirectory("watchdog-host-").FullName;
        settings.TryAdd("Watchdog:DataDirectory", data);
        settings.TryAdd("Serilog:MinimumLevel:Default", "Warning");
        await PersonInbox.AddWhenApprovalsNeedItAsync(settings);
        var app = WatchdogApp.Build(["--urls", "http://127.0.0.1:0"], null, out var errors, new MemoryConfigurationSource { InitialData = settings }, time)
            ?? throw new InvalidOperationException(string.Join("\n", errors));
        await app.StartAsync();
        return new InProcessHost(app, data);
    }

    /// <summary>A minimal valid service watching <paramref name="health"/>.</summary>
    public static Dictionary<string, string?> Service(Uri health, string name = "api", string poll = "100ms") => new()
    {
        ["Watchdog:Services:0:Name"] = name,
        ["Watchdog:Services:0:PollInterval"] = poll,
        ["Watchdog:Services:0:Health:Url"] = health.ToString(),
        ["Watchdog:Services:0:Health:Timeout"] = "2s",
        ["Watchdog:Services:0:Health:Window"] = "1s",
        ["Watchdog:Services:0:Provider:List"] = "echo v1",
        ["Watchdog:Services:0:Provider:Current"] = "echo v1",
        ["Watchdog:Services:0:Provider:Rollback"] = "true",
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
