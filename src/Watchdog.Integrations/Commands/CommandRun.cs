namespace Watchdog.Integrations.Commands;

/// <summary>
/// One templated command as it went: what was shown for it (redacted), and either its result or why it
/// never ran. <see cref="Detail"/> is the journal text: redacted, bounded.
/// </summary>
internal sealed record CommandRun(string Purpose, string Shown, CommandResult? Result, string? NotRun, string Detail)
{
    public bool Ok => Result?.Succeeded == true;
}
