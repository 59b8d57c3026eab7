using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        string Version() => File.Exists(liveFile) ? File.ReadAllText(liveFile).Trim() : "none";
        bool Faulty() => Version() == "v2";

        var (app, baseAddress) = await LoopbackApp.StartAsync(routes =>
        {
            routes.MapGet("/health", () => Faulty()
                ? Results.Json(new { status = "error", version = Version(), error = "TypeError: cannot read properties of undefined (reading 'id')" }, statusCode: 500)
                : Results.Json(new { status = "ok", version = Version() }));
            routes.MapGet("/api/version", () => Results.Json(new { version = Version() }));
            routes.MapPost("/api/auth/login", () => Faulty()
                ? Results.Json(new { error = "internal" }, statusCode: 500)
                : Results.Json(new { access_token = "demo-token" }));
        });
        return new DemoTarget(app, liveFile, baseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
