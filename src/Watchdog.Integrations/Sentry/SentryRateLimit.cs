using System.Globalization;
using System.Net;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// What one answer said about rate limiting: <c>Retry-After</c>, and Sentry's own
/// <c>X-Sentry-Rate-Limit-Remaining</c> and <c>X-Sentry-Rate-Limit-Reset</c> (Unix seconds), §1.1.
/// The concurrent-limit headers are not read: this source makes one call at a time.
/// </summary>
internal readonly record struct SentryRateLimit(HttpStatusCode Status, TimeSpan? RetryAfter, DateTimeOffset? Reset, long? Remaining)
{
    public const string RemainingHeader = "X-Sentry-Rate-Limit-Remaining";
    public const string ResetHeader = "X-Sentry-Rate-Limit-Reset";

    public static SentryRateLimit Read(HttpResponseMessage response, DateTimeOffset now)
    {
        TimeSpan? retryAfter = Http.RetryAfter.TryGet(response, now, out var wait) ? wait : null;
        DateTimeOffset? reset = Number(response, ResetHeader) is { } seconds && seconds is > 0 and < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new(response.StatusCode, retryAfter, reset, Number(response, RemainingHeader));
    }

    private static long? Number(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
