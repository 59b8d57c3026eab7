namespace Watchdog.Core.Ports;

/// <summary>
/// Where a service's feature flags live (LaunchDarkly, Unleash, a flagd file, the platform's environment variables), as
/// the runbook needs it: turn one flag off. Errors are data: a refusal is an outcome, never an exception; only the
/// caller's cancellation escapes.
/// </summary>
public interface IFlagSwitch
{
    /// <summary>How the service is named in the journal and in messages (<c>LaunchDarkly</c>).</summary>
    string Name { get; }

    /// <summary>Turns <paramref name="flag"/> off; already off is turned off, unchanged.</summary>
    Task<FlagOutcome> TurnOffAsync(string flag, CancellationToken cancellationToken);
}

/// <summary>What asking for a flag to be turned off came to.</summary>
public enum FlagResult
{
    /// <summary>The flag serves its off value now.</summary>
    TurnedOff,

    /// <summary>The service would turn it off once a person approves (LaunchDarkly's 405 "approval required").</summary>
    NeedsApproval,

    /// <summary>Not turned off: refused, unreachable, or the flag cannot be found.</summary>
    Refused,
}

/// <param name="Detail">What the service said, bounded and without secrets; for the journal and the messages.</param>
public readonly record struct FlagOutcome(FlagResult Result, string Detail)
{
    public bool TurnedOff => Result == FlagResult.TurnedOff;

    public static FlagOutcome Off(string detail) => new(FlagResult.TurnedOff, detail);

    public static FlagOutcome ApprovalNeeded(string reason) => new(FlagResult.NeedsApproval, reason);

    public static FlagOutcome Refused(string reason) => new(FlagResult.Refused, reason);
}
