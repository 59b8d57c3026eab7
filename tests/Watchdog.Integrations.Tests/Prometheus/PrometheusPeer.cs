using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Watchdog.Integrations.Tests.Http;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Prometheus;

/// <summary>What the fake Prometheus was sent: method, path, form fields and the Authorization header.</summary>
internal sealed record SeenRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Form, string? Authorization, string? OrgId)
{
    public string Query => Form.TryGetValue("query", out var q) ? q : "";
}

/// <summary>A Kestrel server standing in for Prometheus's HTTP API: answers every path as the test says and records what it got.</summary>
internal sealed class PrometheusPeer : IAsyncDisposable
{
    private readonly TestPeer _peer;
    private readonly ConcurrentQueue<SeenRequest> _seen;

    private PrometheusPeer(TestPeer peer, ConcurrentQueue<SeenRequest> seen) => (_peer, _seen) = (peer, seen);

    public Uri BaseAddress => _peer.BaseAddress;

    public IReadOnlyList<SeenRequest> Seen => [.. _seen];

    /// <summary>Answers with <paramref name="answer"/>'s status and body for each request.</summary>
    public static Task<PrometheusPeer> StartAsync(Func<SeenRequest, (int Status, string Body)> answer, string contentType = "application/json") =>
        StartAsync(async (seen, ctx) =>
        {
            var (status, body) = answer(seen);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            await ctx.Response.WriteAsync(body, Encoding.UTF8);
        });

    public static Task<PrometheusPeer> Answering(int status, string body, string contentType = "application/json") =>
        StartAsync(_ => (status, body), contentType);

    /// <summary>Full control of the response, for hung and endless answers.</summary>
    public static async Task<PrometheusPeer> StartAsync(Func<SeenRequest, HttpContext, Task> handle, PeerFront? front = null)
    {
        var seen = new ConcurrentQueue<SeenRequest>();
        var peer = await TestPeer.StartAsync(app => app.Map("{**path}", async (HttpContext ctx) =>
        {
            var form = new Dictionary<string, string>();
            if (ctx.Request.HasFormContentType)
                foreach (var (key, value) in await ctx.Request.ReadFormAsync())
                    form[key] = value.ToString();
            var request = new SeenRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.ContentType, form,
                ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
                ctx.Request.Headers["X-Scope-OrgID"].ToString() is { Length: > 0 } o ? o : null);
            seen.Enqueue(request);
            await handle(request, ctx);
        }), front?.Middleware);
        return new PrometheusPeer(peer, seen);
    }

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}

/// <summary>Answers shaped as the HTTP API documents them (API-NOTES §5.1).</summary>
internal static class Answers
{
    public static string Vector(params string[] values) =>
        """{"status":"success","data":{"resultType":"vector","result":[""" +
        string.Join(",", values.Select((v, i) => "{\"metric\":{\"service\":\"shop\",\"instance\":\"i" + i + "\"},\"value\":[1795230000.5,\"" + v + "\"]}")) +
        "]}}";

    public static string Scalar(string value) => $$$"""{"status":"success","data":{"resultType":"scalar","result":[1795230000,"{{{value}}}"]}}""";

    public static string Error(string errorType, string error) => $$"""{"status":"error","errorType":"{{errorType}}","error":"{{error}}"}""";
}
