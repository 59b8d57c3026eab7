using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watchdog.Hosting;

namespace Watchdog.Http;

/// <summary>
/// The endpoints that answer from the journal: while it cannot be used they answer 503 with why (the journal's name,
/// never its connection string), as /readyz does, rather than a 500 or a wait for the connection's timeout; a read that
/// fails anyway is a 503 too.
/// </summary>
internal static partial class JournalRead
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<WatchdogRuntime>().JournalProblem is { } problem) return Unavailable($"journal: {problem}");
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            LogUnreadable(services.GetRequiredService<ILoggerFactory>().CreateLogger("Watchdog.Api"), e, context.HttpContext.Request.Path);
            return Unavailable($"the incident journal could not be read ({e.GetType().Name}); try again");
        }
    }

    private static IResult Unavailable(string why) => ApiResults.Error(why, StatusCodes.Status503ServiceUnavailable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the incident journal could not be read")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);
}
