namespace Watchdog.Core.Ports;

/// <summary>
/// What a peer answered to a read: a value, or why it could not be had. A refusal is data, not an exception,
/// so a caller cannot forget it; only the caller's own cancellation escapes.
/// </summary>
/// <param name="Value">The answer; may be null when the peer itself says there is nothing (no live deployment).</param>
/// <param name="Error">Why the peer refused or could not be asked, secret-free and bounded; null when it answered.</param>
public readonly record struct PeerResult<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>Makes <see cref="PeerResult{T}"/>s (here, not on the generic type, so <c>T</c> is inferred where it can be).</summary>
public static class PeerResult
{
    public static PeerResult<T> Of<T>(T? value) => new(value, null);

    public static PeerResult<T> Failed<T>(string reason) => new(default, string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason);
}
