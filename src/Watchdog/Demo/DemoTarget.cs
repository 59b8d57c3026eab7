using Microsoft.AspNetCore.Builder;
using System.Text.Json.Nodes;
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
                ? Json(new() { ["status"] = "error", ["version"] = Version(), ["error"] = "TypeError: cannot read properties of undefined (reading 'id')" }, 500)
                : Json(new() { ["status"] = "ok", ["version"] = Version() }));
            routes.MapGet("/api/version", () => Json(new() { ["version"] = Version() }));
            routes.MapPost("/api/auth/login", () => Faulty()
                ? Json(new() { ["error"] = "internal" }, 500)
                : Json(new() { ["access_token"] = "demo-token" }));
        });
        return new DemoTarget(app, liveFile, baseAddress);
    }

    // A fake app's bodies, written as nodes: no serialization contract needed.
    private static IResult Json(JsonObject body, int status = StatusCodes.Status200OK) =>
        Results.Content(body.ToJsonString(), "application/json", statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
