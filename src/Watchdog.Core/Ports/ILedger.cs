namespace Watchdog.Core.Ports;

/// <summary>
/// Small durable facts that must survive a restart, keyed by a scope and a key: the status-page
/// incident opened for a Watchdog incident, the approval links already used.
/// </summary>
public interface ILedger
{
    Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/>, replacing what the key held.</summary>
    Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> only if the key holds nothing yet; true when this call stored it (first use wins).</summary>
    Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken);

    /// <summary>Every key of <paramref name="scope"/> with its value, in the order they were stored.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> EntriesAsync(string scope, CancellationToken cancellationToken);

    /// <summary>The scopes starting with <paramref name="prefix"/> that hold at least one key: one look for many services.</summary>
    Task<IReadOnlySet<string>> ScopesAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes a key; true when this call removed it (of two callers, one).</summary>
    Task<bool> RemoveAsync(string scope, string key, CancellationToken cancellationToken);
}
