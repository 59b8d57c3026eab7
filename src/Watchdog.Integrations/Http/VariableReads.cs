using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Http;

/// <summary>
/// A provider's read of its configuration variables (<see cref="IVariableStates"/>), guarded: the refusal its client
/// throws becomes the result's reason and is logged, by the variables' count and never a name's value.
/// </summary>
internal static partial class VariableReads
{
    /// <summary>Variables read at most: a service with more fails the read rather than be read in part (a variable unread would read as removed).</summary>
    public const int MaxVariables = 2000;

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "{Provider}: the configuration variables could not be read for changes: {Reason}")]
    private static partial void Failed(ILogger logger, string provider, string reason);

    public static async Task<PeerResult<IReadOnlyList<VariableState>>> GuardAsync<TRefusal>(Func<Task<IReadOnlyList<VariableState>>> read, ILogger logger, string provider)
        where TRefusal : Exception
    {
        var result = await PeerRead.GuardAsync<IReadOnlyList<VariableState>, TRefusal>(read);
        if (result.Ok && result.Value!.Count > MaxVariables)
            result = PeerResult.Failed<IReadOnlyList<VariableState>>($"more than {MaxVariables} variables; not read for changes");
        if (!result.Ok) Failed(logger, provider, result.Error!);
        return result;
    }
}
