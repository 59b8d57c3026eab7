namespace Watchdog.Core.Ports;

/// <summary>
/// A flag service Watchdog can read as well as switch: the on/off state of every flag of its project and environment,
/// polled where the service sends no webhook (or as a safety net). Optional: a flag switch may implement it. Errors are
/// data; only the caller's cancellation escapes.
/// </summary>
public interface IFlagStates
{
    /// <summary>Every flag, bounded (page and size limits); a failed result rather than a partial list, which would read as flags removed.</summary>
    Task<PeerResult<IReadOnlyList<FlagState>>> ReadFlagsAsync(CancellationToken cancellationToken);
}

/// <param name="Key">The flag's key at the service (what turning it off takes).</param>
/// <param name="On">Whether it serves its on value (LaunchDarkly's <c>on</c>, Unleash's <c>enabled</c>, flagd: anything but its off variant).</param>
/// <param name="Version">What changes with any change of the flag's configuration, when the service says one; null when it does not.</param>
/// <param name="ChangedAt">When the service says the flag last changed; null when it does not say.</param>
public readonly record struct FlagState(string Key, bool On, string? Version, DateTimeOffset? ChangedAt);

/// <summary>
/// A platform whose configuration variables Watchdog can read, to notice one changing. Optional: a provider may
/// implement it. Values are secrets: a provider hands over only a digest of each value (<see cref="VariableDigest"/>),
/// never the value; the digest is compared in memory and never stored, logged or sent.
/// </summary>
public interface IVariableStates
{
    Task<PeerResult<IReadOnlyList<VariableState>>> ReadVariablesAsync(CancellationToken cancellationToken);
}

/// <param name="Digest">A keyed digest of the value (<see cref="VariableDigest.Of"/>), or of what the platform says changes with it.</param>
/// <param name="ChangedAt">When the platform says the variable last changed (Vercel's <c>updatedAt</c>); null when it does not say (Railway).</param>
public readonly record struct VariableState(string Name, string Digest, DateTimeOffset? ChangedAt);

/// <summary>
/// A value's digest keyed with a random key made when the process starts and never written anywhere: equal values give
/// equal digests within one run, and a digest seen in a memory dump cannot be brute-forced to a short value offline.
/// A restart has a new key, so variables are baselined again after one (only the platform's own dates carry over).
/// </summary>
public static class VariableDigest
{
    private static readonly byte[] Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public static string Of(string? value) =>
        Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(Key, System.Text.Encoding.UTF8.GetBytes(value ?? "\0null")));
}
