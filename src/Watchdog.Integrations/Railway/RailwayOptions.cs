namespace Watchdog.Integrations.Railway;

/// <summary>One Railway service in one environment, reached through the public GraphQL API (API-NOTES.md §2).</summary>
public sealed class RailwayOptions
{
    /// <summary>How this provider is named in logs, outcomes and the journal. Default <c>railway</c>.</summary>
    public string Name { get; set; } = "railway";

    /// <summary>The GraphQL endpoint. Default <c>https://backboard.railway.com/graphql/v2</c>. Must be https, except on a loopback host (tests).</summary>
    public Uri Endpoint { get; set; } = new("https://backboard.railway.com/graphql/v2");

    /// <summary>The API token. Required. Never logged, and masked should Railway echo it.</summary>
    public string? Token { get; set; }

    /// <summary>What kind of token <see cref="Token"/> is, which picks its header. Default <see cref="RailwayTokenKind.Account"/>.</summary>
    public RailwayTokenKind TokenKind { get; set; } = RailwayTokenKind.Account;

    /// <summary>The project's id. Required.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The environment's id (production, say). Required.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>The service's id. Required.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Deployments asked for per page of history (<c>first</c>). Default 20; 1 to 100.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>Most pages of history read per listing, which bounds the walk (and the rate-limit budget it spends). Default 5.</summary>
    public int MaxPages { get; set; } = 5;

    /// <summary>
    /// How long an earlier deployment must have been in place for it to count as a stable rollback target.
    /// Judged only where the history can show it: a replaced deployment whose status changed less than this
    /// after it was created cannot have served that long, so it is not chosen. Default 10 min; zero turns it off.
    /// </summary>
    public TimeSpan MinHealthyFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Keys of a deployment's <c>meta</c> tried in order for its version (what people call it). Railway does not
    /// document <c>meta</c> (API-NOTES.md §7, note 5); the defaults are the git commit and the image. When none
    /// holds a non-empty string the deployment id is the version. Default <c>commitHash</c>, <c>image</c>.
    /// </summary>
    public string[] VersionMetaKeys { get; set; } = ["commitHash", "image"];

    /// <summary>
    /// Deadline for one GraphQL call, the host's retries and the body included. Default 60 s. The host's
    /// per-attempt timeout (<c>Http:Timeout</c>) still bounds each attempt.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most bytes of one answer read; a larger answer is an error, not a silently shorter list. Default 4 MiB.</summary>
    public int MaxAnswerBytes { get; set; } = 4 * 1024 * 1024;
}
