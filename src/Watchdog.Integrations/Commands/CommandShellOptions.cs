namespace Watchdog.Integrations.Commands;

/// <summary>How commands are run, shared by <see cref="CommandProviderOptions"/> and <see cref="CommandTaskOptions"/>.</summary>
public abstract class CommandShellOptions
{
    public const string DefaultShell = "/bin/sh";
    public const int DefaultMaxOutputBytes = 64 * 1024;

    /// <summary>
    /// The shell, run as <c>Shell -c "command line"</c>. Default <c>/bin/sh</c>. It must be a POSIX shell
    /// (sh, dash, bash, busybox sh): placeholder values are quoted by POSIX rules.
    /// </summary>
    public string Shell { get; set; } = DefaultShell;

    /// <summary>Where commands run, e.g. a git checkout. Default: Watchdog's own working directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// Extra environment variables for every command. Put secrets (API tokens) here and refer to them
    /// as <c>$RAILWAY_TOKEN</c> rather than writing them into a template: the command line then never
    /// holds them. Watchdog's own <c>Watchdog__…</c> variables are never passed on. Default: none.
    /// </summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Mask the values of <see cref="Environment"/> (4 characters or more) wherever a command line or
    /// output is journaled or logged, on top of the configured redactor. Default true.
    /// </summary>
    public bool RedactEnvironmentValues { get; set; } = true;

    /// <summary>The value of <c>{service}</c> in templates. Required only when a template uses it. Default: none.</summary>
    public string? Service { get; set; }

    /// <summary>
    /// Bytes kept of each of stdout and stderr per command (the head: lists print newest first, so a
    /// cut drops the oldest). Output beyond it is read and discarded. Default 64 KiB.
    /// </summary>
    public int MaxOutputBytes { get; set; } = DefaultMaxOutputBytes;
}
