namespace Watchdog.Integrations.Commands;

/// <summary>
/// A deployment provider made of shell commands: a git-based redeploy, or any platform's CLI.
/// Placeholder values are shell-quoted for you; write <c>deploy --to {target}</c>, not <c>'{target}'</c>.
/// </summary>
public sealed class CommandProviderOptions : CommandShellOptions
{
    /// <summary>How the provider is named in the journal and in messages. Default <c>command</c>.</summary>
    public string Name { get; set; } = "command";

    /// <summary>Longest any one command may run before its process tree is killed. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Required. Prints known deployments, newest first, one per line:
    /// <c>&lt;id&gt; [&lt;version&gt;] [&lt;created ISO-8601&gt;]</c> (version defaults to the id; blank and
    /// <c>#</c> lines are skipped), or a JSON array of <c>{"id","version","createdAt","canRollback","succeeded"}</c>.
    /// May use <c>{service}</c>. Example: <c>git tag --list 'deploy-*' --sort=-creatordate --format='%(refname:short) %(refname:short) %(creatordate:iso-strict)'</c>.
    /// </summary>
    public string? List { get; set; }

    /// <summary>Required. Prints the id of the live deployment (the first field of the first non-blank line); no output means unknown. May use <c>{service}</c>.</summary>
    public string? Current { get; set; }

    /// <summary>Required. Makes <c>{target}</c> (a deployment id; <c>{version}</c> is its version) live; exit code 0 means accepted. May use <c>{service}</c>.</summary>
    public string? Rollback { get; set; }

    /// <summary>
    /// Optional. Run during verification after a rollback: exit code 0 means <c>{target}</c> (<c>{version}</c>)
    /// is live and serving as the platform sees it (e.g. <c>railway status</c> or a deploy-log check).
    /// Health probes and the version endpoint are checked as well; this adds the platform's own word.
    /// </summary>
    public string? Verify { get; set; }

    /// <summary>Optional. Sets variable <c>{name}</c> to <c>{value}</c> (feature flags, maintenance mode). Without it, setting a variable fails as not configured.</summary>
    public string? SetVariable { get; set; }

    /// <summary>
    /// Optional. Prints the service's configuration variables, one <c>NAME=VALUE</c> a line (blank and <c>#</c> lines
    /// skipped), for <c>VariablePollInterval</c> to notice one changing. Its output is secret: each value is reduced to a
    /// keyed digest as it is read, and the output is never logged, journaled or shown (a failure names the exit code only).
    /// May use <c>{service}</c>. Example: <c>railway variables --kv</c>.
    /// </summary>
    public string? Variables { get; set; }

    /// <summary>Optional. Run after a successful <see cref="SetVariable"/>, for platforms that need a restart to pick the value up. May use <c>{name}</c>, <c>{value}</c>, <c>{service}</c>.</summary>
    public string? Restart { get; set; }
}
