using System.Net;

namespace Watchdog.Integrations.Http;

/// <summary>Reads a <c>Retry-After</c> header in either of its forms: delta seconds or an HTTP date.</summary>
internal static class RetryAfter
{
    /// <summary>The wait the server asked for; false when it asked for none. A date in the past means "now".</summary>
    public static bool TryGet(HttpResponseMessage response, DateTimeOffset now, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var header = response.Headers.RetryAfter;
        if (header is null) return false;
        if (header.Delta is { } delta)
        {
            wait = delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            return true;
        }

        if (header.Date is { } date)
        {
            wait = date > now ? date - now : TimeSpan.Zero;
            return true;
        }

        return false;
    }

    /// <summary>The two statuses whose <c>Retry-After</c> means "not processed, come back later".</summary>
    public static bool Applies(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
}
