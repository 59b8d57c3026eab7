using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watchdog.Integrations.Tests.Providers;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Commands;

/// <summary>
/// A small deployments API on Kestrel over a <see cref="FakePlatform"/>, of the kind a platform CLI or
/// <c>curl</c> in a command template talks to: <c>GET /deployments</c> (the JSON list the command provider
/// reads, all in one answer, as a CLI pages for you), <c>GET /live</c> (the live id as text),
/// <c>POST /rollback/{id}</c> and <c>PUT /variables/{name}</c> (the body is the value). It wants
/// <c>Authorization: Bearer</c> <see cref="Token"/> and serves the platform's queued faults first.
/// </summary>
internal static class CommandPeer
{
    public const string Token = "cmd-T0ken-5ecretValue-91b2";

    public static Task<TestPeer> StartAsync(FakePlatform platform) => TestPeer.StartAsync(app => Map(app, platform));

    private static void Map(IEndpointRouteBuilder app, FakePlatform platform)
    {
        app.MapGet("/deployments", (Func<HttpContext, Task<IResult>>)(ctx => Serve(ctx, platform, _ => Results.Text(List(platform), "application/json"))));
        app.MapGet("/live", (Func<HttpContext, Task<IResult>>)(ctx => Serve(ctx, platform, _ => Results.Text(platform.Look().LiveId + "\n"))));
        app.MapPost("/rollback/{id}", (HttpContext ctx, string id) => Serve(ctx, platform, _ =>
        {
            if (platform.Deployments.All(d => d.Id != id)) return Error(404, $"no deployment {id}");
            platform.RequestRollback(id);
            return Results.StatusCode(202);
        }));
        app.MapPut("/variables/{name}", (HttpContext ctx, string name) => Serve(ctx, platform, value =>
        {
            lock (platform.Variables) platform.Variables[name] = value;
            return Results.NoContent();
        }));
    }

    /// <summary>What every request goes through first: recorded, a queued fault served, the token checked; the answer gets the body.</summary>
    private static async Task<IResult> Serve(HttpContext ctx, FakePlatform platform, Func<string, IResult> answer)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var body = await reader.ReadToEndAsync(ctx.RequestAborted);
        platform.Record($"{ctx.Request.Method} {ctx.Request.Path}");
        var authorization = ctx.Request.Headers.Authorization.ToString();
        switch (platform.TakeFault())
        {
            case { Kind: FaultKind.RateLimited } f:
                ctx.Response.Headers.RetryAfter = ((int)Math.Ceiling((f.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Error(429, "slow down");
            case { Kind: FaultKind.ServerError }:
                return Error(500, "internal error");
            case { Kind: FaultKind.Slow } f:
                await Task.Delay(f.Delay ?? TimeSpan.FromSeconds(30), TimeProvider.System, ctx.RequestAborted);
                break;
            case { Kind: FaultKind.Malformed }:
                return Results.Text("[{\"id\":\"dep-", "application/json");
            case { Kind: FaultKind.Forbidden }:
                return Error(403, $"{authorization} may not {ctx.Request.Method} {ctx.Request.Path}");
            case { Kind: FaultKind.NotFound }:
                return Error(404, "not found");
        }

        return authorization == "Bearer " + Token ? answer(body) : Error(401, "unauthorized");
    }

    private static string List(FakePlatform platform)
    {
        return new JsonArray([.. platform.Deployments.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id,
            ["version"] = d.Version,
            ["createdAt"] = d.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            ["succeeded"] = d.Succeeded,
            ["canRollback"] = d.CanRollback,
        })]).ToJsonString();
    }

    private static IResult Error(int status, string message) =>
        Results.Text(new JsonObject { ["error"] = message }.ToJsonString(), "application/json", statusCode: status);
}
