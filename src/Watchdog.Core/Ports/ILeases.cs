namespace Watchdog.Core.Ports;

/// <summary>
/// Who may act for a service when several Watchdogs share one journal: a lease per service with an expiry and a
/// fencing token that only grows. The journal refuses a save fenced by a token that is no longer the lease's, so a
/// former holder that was paused or cut off past its expiry cannot act after another took over.
/// </summary>
public interface ILeases
{
    /// <summary>
    /// Takes, renews or takes over each of <paramref name="names"/> for <paramref name="holder"/> until <paramref name="now"/>
    /// plus <paramref name="ttl"/>, in one write. A lease another holder keeps unexpired is left alone. Renewing keeps
    /// the token; taking over (an expired lease, or one this instance held in an earlier life) raises it.
    /// </summary>
    /// <returns>The token of every name the holder now holds.</returns>
    Task<IReadOnlyDictionary<string, long>> HoldAsync(IReadOnlyCollection<string> names, LeaseHolder holder, DateTimeOffset now, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives leases up at once (a clean stop, or handing services to a newer instance); their tokens stay, so the next holder's is higher.</summary>
    Task ReleaseAsync(IReadOnlyCollection<string> names, LeaseHolder holder, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every lease as stored, expired ones included.</summary>
    Task<IReadOnlyList<LeaseRecord>> ListLeasesAsync(CancellationToken cancellationToken);
}

/// <summary>One instance of Watchdog: its configured name, and this process's run of it (a restart is a new incarnation).</summary>
public sealed record LeaseHolder(string Instance, string Incarnation)
{
    public static LeaseHolder Of(string instance) => new(instance, Guid.NewGuid().ToString("N")[..12]);
}

public sealed record LeaseRecord(string Name, string Instance, string Incarnation, long Token, DateTimeOffset Expires)
{
    public bool Live(DateTimeOffset now) => Expires > now;
}
