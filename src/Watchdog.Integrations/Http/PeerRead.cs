using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Http;

/// <summary>
/// Turns a provider's read into a <see cref="PeerResult{T}"/>: the refusal its client throws becomes the result's
/// reason (already bounded and secret-free there), so the port never throws for one. Cancellation still escapes.
/// </summary>
internal static class PeerRead
{
    public static async Task<PeerResult<T>> GuardAsync<T, TRefusal>(Func<Task<T>> read)
        where TRefusal : Exception
    {
        try
        {
            return PeerResult.Of<T>(await read());
        }
        catch (TRefusal e)
        {
            return PeerResult.Failed<T>(e.Message);
        }
    }
}
