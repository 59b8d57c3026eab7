using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Watchdog.Testing;

/// <summary>A real Kestrel server on 127.0.0.1 with an OS-chosen port, speaking whatever API a test maps onto it.</summary>
public sealed class TestPeer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestPeer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri Url(string path) => new(BaseAddress, path);

    /// <param name="front">Middleware that sees every request before the mapped API (to record it as sent, or answer instead).</param>
    public static async Task<TestPeer> StartAsync(Action<IEndpointRouteBuilder> map, Func<HttpContext, RequestDelegate, Task>? front = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        if (front is not null) app.Use(front);
        map(app);
        await app.StartAsync();
        var address = app.Urls.First();
        return new TestPeer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
