namespace Watchdog.Integrations.Flags;

/// <summary>Flag services' log events (ids 78xx): the service, the flag and its masked answer; never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7801, Level = LogLevel.Information, Message = "{Service}: flag {Flag} turned off: {Detail}")]
    public static partial void TurnedOff(ILogger logger, string service, string flag, string detail);

    [LoggerMessage(EventId = 7802, Level = LogLevel.Warning, Message = "{Service}: flag {Flag} needs a person's approval to be turned off: {Detail}")]
    public static partial void NeedsApproval(ILogger logger, string service, string flag, string detail);

    [LoggerMessage(EventId = 7803, Level = LogLevel.Warning, Message = "{Service}: flag {Flag} NOT turned off: {Detail}")]
    public static partial void Refused(ILogger logger, string service, string flag, string detail);

    [LoggerMessage(EventId = 7804, Level = LogLevel.Warning, Message = "{Service}: the flags could not be read for changes: {Reason}")]
    public static partial void ReadFailed(ILogger logger, string service, string reason);

    /// <summary>Logs the outcome at its level and returns it.</summary>
    public static Core.Ports.FlagOutcome Logged(this Core.Ports.FlagOutcome outcome, ILogger logger, string service, string flag)
    {
        switch (outcome.Result)
        {
            case Core.Ports.FlagResult.TurnedOff: TurnedOff(logger, service, flag, outcome.Detail); break;
            case Core.Ports.FlagResult.NeedsApproval: NeedsApproval(logger, service, flag, outcome.Detail); break;
            default: Refused(logger, service, flag, outcome.Detail); break;
        }

        return outcome;
    }
}
