using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Notifiers;

/// <summary>
/// A receiver of Watchdog's signed webhook on Kestrel. It recomputes the HMAC itself from the raw body bytes
/// (not with <c>WebhookSignature</c>, so the two are checked against each other), refuses bad or stale
/// signatures with 401, and keeps what it accepted.
/// </summary>
internal sealed class WebhookPeer : IAsyncDisposable
{
    public const string UrlToken = "tok3nInTheQu3ry";

    private readonly List<Delivery> _accepted = [];
    private TestPeer _peer = null!;

    public sealed record Delivery(JsonElement Body, IHeaderDictionary Headers, byte[] Raw);

    public Uri Url => _peer.Url("hooks/watchdog?token=" + UrlToken);

    public IReadOnlyList<Delivery> Accepted
    {
        get { lock (_accepted) return [.. _accepted]; }
    }

    /// <param name="okStatus">What to answer a delivery whose signature holds.</param>
    public static async Task<WebhookPeer> StartAsync(string secret, TimeProvider clock, int okStatus = 204, string okBody = "", PeerFront? front = null)
    {
        var receiver = new WebhookPeer();
        receiver._peer = await TestPeer.StartAsync(app => app.MapPost("/hooks/watchdog", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();

            var timestamp = request.Headers["X-Watchdog-Timestamp"].ToString();
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
                return Results.Text("stale or missing timestamp", "text/plain", statusCode: 401);

            var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(raw).ToArray();
            var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)).ToLowerInvariant();
            if (request.Headers["X-Watchdog-Signature"].ToString() != expected)
                return Results.Text("bad signature", "text/plain", statusCode: 401);

            var body = JsonDocument.Parse(raw).RootElement.Clone();
            lock (receiver._accepted) receiver._accepted.Add(new Delivery(body, new HeaderDictionary(request.Headers.ToDictionary()), raw));
            return okStatus == 204 ? Results.NoContent() : Results.Text(okBody, "text/plain", statusCode: okStatus);
        }), front?.Middleware);
        return receiver;
    }

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
