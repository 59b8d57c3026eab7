using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Health;

/// <summary>URLs reach these methods through <c>SafeUrl</c> only; details are our own words, never bodies or headers.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Health probe {Source} of {Url}: {Outcome} ({Detail})")]
    public static partial void ProbeFailed(ILogger logger, string source, string url, ProbeOutcome outcome, string detail);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Health probe {Source} of {Url}: still {Outcome} ({Detail})")]
    public static partial void ProbeStillFailing(ILogger logger, string source, string url, ProbeOutcome outcome, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Health probe {Source} of {Url}: healthy again ({Detail})")]
    public static partial void ProbeRecovered(ILogger logger, string source, string url, string detail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Verification probe {Number}/{Planned} of {Url}: {Outcome} ({Detail})")]
    public static partial void VerificationProbeFailed(ILogger logger, int number, int planned, string url, ProbeOutcome outcome, string detail);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Verification of {Version}: passed={Passed}; {Detail}")]
    public static partial void Verified(ILogger logger, string version, bool passed, string detail);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Check {Name}: passed={Passed}; {Detail}")]
    public static partial void CheckFinished(ILogger logger, string name, bool passed, string detail);
}
