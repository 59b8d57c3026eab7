using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;

namespace Watchdog.Tests.Support;

/// <summary>
/// A service whose live release <c>v2</c> is broken and <c>v1</c> before it was fine, driven through files a command
/// provider reads (<c>deployments</c>, <c>live</c>) in <see cref="Directory"/>: <c>/health</c> is healthy only on v1,
/// <c>/version</c> says which is live.
/// </summary>
public sealed class BadRelease : IAsyncDisposable
{
    private BadRelease(DirectoryInfo directory, TestPeer target)
    {
        Directory = directory;
        Target = target;
    }

    public DirectoryInfo Directory { get; }

    public TestPeer Target { get; }

    public string LivePath => Path.Combine(Directory.FullName, "live");

    public static async Task<BadRelease> StartAsync(string prefix)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory(prefix);
        var live = Path.Combine(dir.FullName, "live");
        await File.WriteAllTextAsync(live, "v2");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "deployments"), "v2 v2 2026-11-21T02:00:00Z\nv1 v1 2026-11-20T12:00:00Z\n");
        var target = await TestPeer.StartAsync(app =>
        {
            string Version() => File.ReadAllText(live).Trim();
            app.MapGet("/health", () => Version() == "v1" ? Results.Json(new { status = "ok" }) : Results.Json(new { status = "error" }, statusCode: 500));
            app.MapGet("/version", () => Results.Json(new { version = Version() }));
        });
        return new BadRelease(dir, target);
    }

    public async ValueTask DisposeAsync() => await Target.DisposeAsync();
}
