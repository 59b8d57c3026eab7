using Watchdog.Core.Ports;

namespace Watchdog.Testing;

/// <summary>Reads a <see cref="PeerResult{T}"/> in a test: its value when it must have worked, its reason when it must not.</summary>
public static class PeerResultAssertions
{
    public static T ShouldSucceed<T>(this PeerResult<T> result) =>
        result.Ok ? result.Value! : throw new ShouldAssertException($"expected the peer to answer, but: {result.Error}");

    public static string ShouldFail<T>(this PeerResult<T> result) =>
        result.Error ?? throw new ShouldAssertException($"expected a refusal, but the peer answered {result.Value}");
}
