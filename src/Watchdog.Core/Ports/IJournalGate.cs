namespace Watchdog.Core.Ports;

/// <summary>
/// Whether decisions may be taken now: the journal has been read back at start and takes writes. While it is closed a
/// watch keeps reading its sources and judging its rules, but opens, decides and acts on nothing: what fires is judged
/// again once the journal answers, so one fault becomes one incident.
/// </summary>
public interface IJournalGate
{
    bool IsOpen { get; }
}

/// <summary>The gate of a watch with no one to say otherwise (tests, tools): always open.</summary>
public sealed class OpenJournalGate : IJournalGate
{
    public static OpenJournalGate Instance { get; } = new();

    public bool IsOpen => true;
}
