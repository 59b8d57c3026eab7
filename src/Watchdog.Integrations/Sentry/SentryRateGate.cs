using System.Net;

namespace Watchdog.Integrations.Sentry;

/// <summary>
/// One endpoint's pause. Sentry limits each endpoint on its own (§1.1), so a throttled events-stats does
/// not stop the sessions call. Closed after HTTP 429 (or 503 with <c>Retry-After</c>) until the later of
/// <c>Retry-After</c> and the reset time, or, when neither is in the future, for a backoff doubling from
/// 10 s; and after a success with <c>Remaining: 0</c> until the reset, since the next call would be refused.
/// Every pause is capped at <see cref="SentryOptions.MaxBackoff"/>, so a peer naming a reset years away
/// does not blind the source.
/// </summary>
internal sealed class SentryRateGate(TimeSpan maxBackoff)
{
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private DateTimeOffset _until;
    private string _why = "";
    private int _strikes;

    /// <summary>Whether calls must wait, until when, and what the server said when it closed the gate.</summary>
    public bool IsClosed(DateTimeOffset now, out DateTimeOffset until, out string why)
    {
        lock (_lock)
        {
            (until, why) = (_until, _why);
            return now < _until;
        }
    }

    /// <summary>Takes in an answer's limits; returns the pause it started (asked for, and granted after the cap), or null.</summary>
    public SentryPause? Observe(SentryRateLimit limit, DateTimeOffset now, string why)
    {
        lock (_lock)
        {
            TimeSpan asked;
            if (limit.Status == HttpStatusCode.TooManyRequests || (limit.Status == HttpStatusCode.ServiceUnavailable && limit.RetryAfter is not null))
            {
                _strikes++;
                var hinted = Max(limit.RetryAfter ?? TimeSpan.Zero, limit.Reset is { } r ? r - now : TimeSpan.Zero);
                asked = hinted > TimeSpan.Zero ? hinted : Backoff(_strikes);
            }
            else if ((int)limit.Status is >= 200 and <= 299)
            {
                _strikes = 0;
                if (limit.Remaining is not <= 0 || limit.Reset is not { } reset || reset <= now) return null;
                asked = reset - now;
                why = "no requests left in this rate-limit window";
            }
            else
            {
                return null;
            }

            var granted = asked > maxBackoff ? maxBackoff : asked;
            _until = now + granted;
            _why = why;
            return new SentryPause(_until, asked, granted, why);
        }
    }

    private TimeSpan Backoff(int strikes)
    {
        var doubled = FirstBackoff * Math.Pow(2, Math.Min(strikes - 1, 20));
        return doubled > maxBackoff ? maxBackoff : doubled;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

internal readonly record struct SentryPause(DateTimeOffset Until, TimeSpan Asked, TimeSpan Granted, string Why)
{
    public bool Capped => Asked > Granted;
}
