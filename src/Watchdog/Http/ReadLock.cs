using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Watchdog.Configuration;

namespace Watchdog.Http;

/// <summary>
/// Locks reading behind <c>Api:ReadToken</c>: the status page sends a browser to a small login form that sets an
/// HttpOnly cookie (a MAC of the token, never the token); the API answers 401 and takes the token as a bearer.
/// </summary>
public static class ReadLock
{
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ReadAccess.MayRead(http, http.RequestServices.GetRequiredService<WatchdogSettings>())) return await next(context);
        return http.Request.Path == "/"
            ? Results.Redirect("/login" + (http.Request.Query["incident"] is { Count: 1 } id ? "?incident=" + Uri.EscapeDataString(id.ToString()) : ""))
            : ApiResults.Error("reading is locked: send Api:ReadToken (or Api:Token) as a bearer token", StatusCodes.Status401Unauthorized);
    }

    public static IEndpointRouteBuilder MapReadLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpResponse response, WatchdogSettings settings, string? incident) => settings.ReadToken is null
            ? new Page(StatusCodes.Status404NotFound, "Reading is open", "This Watchdog's status page needs no token: Watchdog:Api:ReadToken is not set.").Render(response)
            : Form(StatusCodes.Status200OK, "", incident).Render(response));

        app.MapPost("/login", async (HttpRequest request, HttpResponse response, WatchdogSettings settings, CancellationToken ct) =>
        {
            if (settings.ReadToken is not { } readToken) return Results.NotFound();
            var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
            var incident = form?["incident"].ToString() is { Length: > 0 and <= 200 } i ? i : null;
            if (!ReadAccess.IsReadToken(form?["token"].ToString(), settings))
                return Form(StatusCodes.Status401Unauthorized, "That is not the read token.", incident).Render(response);

            response.Cookies.Append(ReadAccess.Cookie, ReadAccess.CookieValue(readToken), new CookieOptions
            {
                HttpOnly = true,
                Secure = request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = CookieLifetime,
            });
            return Results.Redirect(incident is null ? "/" : "/?incident=" + Uri.EscapeDataString(incident), permanent: false);
        });
        return app;
    }

    private static Page Form(int status, string problem, string? incident) => new(status, "Read token", Raw: true, Body:
        (problem.Length > 0 ? $"<p><strong>{Page.Html(problem)}</strong></p>" : "")
        + "<form method=\"post\" action=\"/login\"><label>Api:ReadToken <input name=\"token\" type=\"password\" required autocomplete=\"current-password\"></label> "
        + (incident is null ? "" : $"<input type=\"hidden\" name=\"incident\" value=\"{Page.Html(incident)}\">")
        + "<button type=\"submit\">Read</button></form><p><small>The status page and the incidents API need it; probes and /metrics do not.</small></p>");
}
