using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Watchdog.Demo;

/// <summary>A quiet Kestrel app on 127.0.0.1 with a port the OS picks: the demo's production service and its team's webhook.</summary>
public static class LoopbackApp
{
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(Action<IEndpointRouteBuilder> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var url = app.Urls.First();
        return (app, new Uri(url.EndsWith('/') ? url : url + "/"));
    }
}
