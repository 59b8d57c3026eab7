namespace Watchdog.Integrations.Commands;

/// <summary>A stabilization step or smoke test run as one shell command, e.g. <c>railway run python scripts/clear_cache.py</c>. Exit code 0 is success.</summary>
public sealed class CommandTaskOptions : CommandShellOptions
{
    /// <summary>Required. How the step is named in the journal (<c>stabilize:&lt;Name&gt;</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>Required. The command line; may use <c>{service}</c>.</summary>
    public string? Command { get; set; }

    /// <summary>Longest the command may run before its process tree is killed. Default 1 minute.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);
}
