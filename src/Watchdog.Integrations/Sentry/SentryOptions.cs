namespace Watchdog.Integrations.Sentry;

/// <summary>
/// Where and what a <see cref="SentrySource"/> reads: one project, optionally one environment and one
/// release, over a sliding window. The wire format it speaks is API-NOTES.md §1.1–§1.3.
/// </summary>
public sealed class SentryOptions
{
    /// <summary>Source name in readings and logs; a rule may insist on it. Default "sentry".</summary>
    public string Name { get; set; } = "sentry";

    /// <summary>
    /// Where the API lives. Default <c>https://sentry.io</c>; the regional hosts are <c>https://us.sentry.io</c>
    /// and <c>https://de.sentry.io</c>; a self-hosted instance may sit under a path (<c>https://ops.example.com/sentry</c>).
    /// <c>/api/0/…</c> is appended to it.
    /// </summary>
    public Uri BaseUrl { get; set; } = new("https://sentry.io");

    /// <summary>Organization slug, as in <c>/api/0/organizations/{slug}/</c>. Required.</summary>
    public string? Organization { get; set; }

    /// <summary>
    /// The project's numeric id (Settings → Projects → the project → its id), not its slug:
    /// events-stats takes ids only (§1.2). Required.
    /// </summary>
    public string? Project { get; set; }

    /// <summary>Only count events and sessions of this environment (e.g. <c>production</c>). Default: all environments.</summary>
    public string? Environment { get; set; }

    /// <summary>
    /// Only count events and sessions of this release, by adding <c>release:&lt;value&gt;</c> to the query.
    /// Default: all releases, so a window that straddles a deployment mixes old and new; see <see cref="SentrySource.Reset"/>.
    /// </summary>
    public string? Release { get; set; }

    /// <summary>An auth token with <c>org:read</c>, sent as <c>Authorization: Bearer</c>. Required; never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Span the rates are computed over, sent as <c>statsPeriod</c> (5m, 2h, 1d). Whole minutes. Default 5 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Bucket size sent as <c>interval</c>. Whole minutes, at most <see cref="Window"/>. Default 1 min. The sessions
    /// docs still name 1h as its minimum, while newer servers take 1m (API-NOTES.md §7.2): raise it if an older
    /// self-hosted Sentry refuses the sessions call.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Deadline for one call, headers and body together. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Shortest time between two rounds of calls. A read sooner than this returns the previous readings
    /// (failures included) without calling Sentry, whose buckets move once a minute anyway. Default 30 s.
    /// </summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest pause after HTTP 429 or an exhausted quota, whatever the server asks; also the cap of the
    /// backoff, doubling from 10 s, used when a 429 names no time. Default 5 min.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Read <c>ErrorRate</c> from events-stats. Default true.</summary>
    public bool ErrorRate { get; set; } = true;

    /// <summary>Read <c>CrashFreeRate</c> from the sessions endpoint (release health). Default true.</summary>
    public bool CrashFree { get; set; } = true;

    /// <summary>How <c>ErrorRate</c> is measured. Default <see cref="SentryErrorRateKind.FailureRate"/>.</summary>
    public SentryErrorRateKind ErrorRateKind { get; set; } = SentryErrorRateKind.FailureRate;

    /// <summary>
    /// Only with <see cref="SentryErrorRateKind.EventCount"/>: the SDK's <c>tracesSampleRate</c>, in (0, 1]. Errors
    /// are all sent but transactions only at this rate, so the transaction count is divided by it to estimate all
    /// requests. Default 1 (every transaction sent).
    /// </summary>
    public double TransactionSampleRate { get; set; } = 1;

    /// <summary>Most of an answer read; a larger one is an error, not a measurement. Default 256 KiB.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>What Sentry's <c>ErrorRate</c> reading is the share of.</summary>
public enum SentryErrorRateKind
{
    /// <summary>
    /// Failed transactions over all transactions (<c>failure_rate()</c>, §12): the share of failed requests,
    /// whatever the transaction sample rate.
    /// </summary>
    FailureRate,

    /// <summary>
    /// For projects that send no transactions' status: errors ÷ (errors + transactions). Not a request failure
    /// rate (a request with two errors counts twice, one failing request counts in both), so its readings say
    /// "event-count ratio".
    /// </summary>
    EventCount,
}
