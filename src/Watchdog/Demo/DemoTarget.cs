using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Watchdog.Demo;

/// <summary>
/// The demo's production service on loopback. Which version is live is the content of a file the
/// demo's command provider writes, as a git-based redeploy would; v1 is healthy, v2 fails its
/// health checks and its login flow.
/// </summary>
public sealed class DemoTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _liveFile;

    private DemoTarget(WebApplication app, string liveFile, Uri baseAddress)
    {
        _app = app;
        _liveFile = liveFile;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Live => File.Exists(_liveFile) ? File.ReadAllText(_liveFile).Trim() : "";

    public static async Task<DemoTarget> StartAsync(string liveFile)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        string Version() => File.Exists(liveFile) ? File.ReadAllText(liveFile).Trim() : "none";
        bool Faulty() => Version() == "v2";

        app.MapGet("/health", () => Faulty()
            ? Results.Json(new { status = "error", version = Version(), error = "TypeError: cannot read properties of undefined (reading 'id')" }, statusCode: 500)
            : Results.Json(new { status = "ok", version = Version() }));
        app.MapGet("/api/version", () => Results.Json(new { version = Version() }));
        app.MapPost("/api/auth/login", () => Faulty()
            ? Results.Json(new { error = "internal" }, statusCode: 500)
            : Results.Json(new { access_token = "demo-token" }));
        await app.StartAsync();
        var url = app.Urls.First();
        return new DemoTarget(app, liveFile, new Uri(url.EndsWith('/') ? url : url + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
