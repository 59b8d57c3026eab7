using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Testing;

namespace Watchdog.Tests.Support;

/// <summary>
/// A real Kestrel peer that takes POSTs to one path and keeps their raw bodies (gunzipped when the sender compressed
/// them): a Sentry envelope endpoint or an OTLP/HTTP receiver, asserted on byte for byte.
/// </summary>
public sealed class PostRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> _bodies = new();

    private PostRecorder(TestPeer peer) => Peer = peer;

    public TestPeer Peer { get; private set; }

    public IReadOnlyList<byte[]> Bodies => [.. _bodies];

    /// <summary>Every body as text (UTF-8, protobuf's strings included), for "contains" checks.</summary>
    public string Text => string.Join("\n", Bodies.Select(b => Encoding.UTF8.GetString(b)));

    public static async Task<PostRecorder> StartAsync(string path)
    {
        PostRecorder? recorder = null;
        var peer = await TestPeer.StartAsync(app => app.MapPost(path, async (HttpContext context) =>
        {
            var body = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy);
            recorder!._bodies.Enqueue(copy.ToArray());
            return Results.Ok(new { });
        }));
        recorder = new PostRecorder(peer);
        return recorder;
    }

    public ValueTask DisposeAsync() => Peer.DisposeAsync();
}
