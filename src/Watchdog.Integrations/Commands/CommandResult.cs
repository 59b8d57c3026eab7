namespace Watchdog.Integrations.Commands;

/// <summary>
/// What one command did. <see cref="ExitCode"/> is null when the command was killed (timed out).
/// Output is the head of each stream, at most the request's cap; the <c>*Truncated</c> flags say
/// whether more was written (or whether reading had to be abandoned) than the text holds.
/// </summary>
public sealed record CommandResult(int? ExitCode, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut)
{
    public bool StdoutTruncated { get; init; }

    public bool StderrTruncated { get; init; }

    /// <summary>Exited by itself with code 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    // Output may hold secrets: keep it out of anything that stringifies the result by accident.
    public override string ToString() =>
        TimedOut ? $"timed out after {Duration}" : $"exit {ExitCode} after {Duration}";
}
