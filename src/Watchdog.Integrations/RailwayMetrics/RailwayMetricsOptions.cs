using Watchdog.Integrations.Railway;

namespace Watchdog.Integrations.RailwayMetrics;

/// <summary>
/// Where and what a <see cref="RailwayMetricsSource"/> reads: Railway's own HTTP metrics of one service in one
/// environment (API-NOTES.md §9) over a sliding window, through the same GraphQL API as the Railway provider (§2).
/// </summary>
public sealed class RailwayMetricsOptions
{
    /// <summary>Source name in readings and logs; a rule may insist on it. Default "railway".</summary>
    public string Name { get; set; } = "railway";

    /// <summary>The GraphQL endpoint. Default <c>https://backboard.railway.com/graphql/v2</c>. Must be https, except on a loopback host (tests).</summary>
    public Uri Endpoint { get; set; } = new("https://backboard.railway.com/graphql/v2");

    /// <summary>The API token (or <c>TokenFile</c>). Required. Never logged, and masked should Railway echo it.</summary>
    public string? Token { get; set; }

    /// <summary>What kind of token <see cref="Token"/> is, which picks its header. Default <see cref="RailwayTokenKind.Account"/>.</summary>
    public RailwayTokenKind TokenKind { get; set; } = RailwayTokenKind.Account;

    /// <summary>The service's id. Required.</summary>
    public string? ServiceId { get; set; }

    /// <summary>The environment's id (production, say). Required.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>Span the error rate and p95 are computed over, sent as <c>startDate</c>/<c>endDate</c>. Whole seconds. Default 5 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deadline for one GraphQL call, headers and body together. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Shortest time between two rounds of calls; a read sooner returns the previous readings. Railway allows
    /// 1,000 requests an hour on Hobby (§2.1), and a round is two, so the default poll of 10 s alone would spend
    /// 720. Default 30 s, the dashboard's step for windows up to an hour (§9).
    /// </summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most bytes of one answer read; a larger one is an error, not a measurement. Default 256 KiB.</summary>
    public int MaxAnswerBytes { get; set; } = 256 * 1024;

    /// <summary>The connection the shared GraphQL client speaks; the provider's other keys play no part in a query here.</summary>
    internal RailwayOptions Connection() => new()
    {
        Name = Name,
        Endpoint = Endpoint,
        Token = Token,
        TokenKind = TokenKind,
        EnvironmentId = EnvironmentId,
        ServiceId = ServiceId,
        CallTimeout = Timeout,
        MaxAnswerBytes = MaxAnswerBytes,
    };
}
