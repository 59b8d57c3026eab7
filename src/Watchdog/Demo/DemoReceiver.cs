using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Webhooks;

namespace Watchdog.Demo;

/// <summary>The team's side of the demo: a webhook endpoint that checks Watchdog's signature before it believes a message.</summary>
public sealed class DemoReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Accepted messages: kind and title.</summary>
    public ConcurrentQueue<(string Kind, string Title, string Text)> Received { get; } = new();

    private int _rejected;

    public int RejectedCount => Volatile.Read(ref _rejected);

    public static async Task<DemoReceiver> StartAsync(string secret, TimeProvider time, Action<string, string>? onMessage = null)
    {
        DemoReceiver? self = null;
        var (app, baseAddress) = await LoopbackApp.StartAsync(routes => routes.MapPost("/hooks/team", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            if (!WebhookSignature.Verify(secret, request.Headers["X-Watchdog-Timestamp"], request.Headers["X-Watchdog-Signature"], body, time.GetUtcNow(), TimeSpan.FromMinutes(5)))
            {
                Interlocked.Increment(ref self!._rejected);
                return Results.Unauthorized();
            }

            using var doc = JsonDocument.Parse(body);
            var kind = doc.RootElement.GetProperty("kind").GetString() ?? "";
            var title = doc.RootElement.GetProperty("title").GetString() ?? "";
            var text = doc.RootElement.GetProperty("text").GetString() ?? "";
            self!.Received.Enqueue((kind, title, text));
            onMessage?.Invoke(kind, text);
            return Results.Ok();
        }));
        self = new DemoReceiver(app, new Uri(baseAddress, "hooks/team"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
