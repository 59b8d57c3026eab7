namespace Watchdog.Integrations.Commands;

/// <summary>One command line for <see cref="CommandRunner"/>, run as <c>Shell -c CommandLine</c>.</summary>
/// <remarks>A class, not a record: a generated ToString would print the command line, which may hold a secret.</remarks>
public sealed class CommandRequest(string commandLine)
{
    public string CommandLine { get; } = commandLine;

    /// <summary>Default <c>/bin/sh</c>; it must accept <c>-c</c>.</summary>
    public string Shell { get; init; } = CommandShellOptions.DefaultShell;

    /// <summary>Default: Watchdog's own working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Added to (and overriding) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>After this the whole process tree is killed. Default 1 minute.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Bytes kept of each of stdout and stderr (the head); the rest is read and dropped. Default 64 KiB.</summary>
    public int MaxOutputBytes { get; init; } = CommandShellOptions.DefaultMaxOutputBytes;

    /// <summary>
    /// How long to keep reading output after the command exited. A process the command started in the
    /// background (<c>server &amp;</c>) inherits the output pipes and can hold them open for ever. Default 2 s.
    /// </summary>
    public TimeSpan OutputGrace { get; init; } = TimeSpan.FromSeconds(2);
}
