namespace Watchdog.Core.Ports;

/// <summary>What an outside action reported: whether it worked, and what it said (kept in the journal, redacted).</summary>
public readonly record struct StepOutcome(bool Ok, string Detail)
{
    public static StepOutcome Success(string detail) => new(true, detail);

    public static StepOutcome Failure(string detail) => new(false, detail);
}
