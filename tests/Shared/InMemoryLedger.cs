using System.Collections.Concurrent;
using Watchdog.Core.Ports;

namespace Watchdog.Testing;

/// <summary>An <see cref="ILedger"/> in a dictionary; the SQLite one is tested against the same contract.</summary>
public sealed class InMemoryLedger : ILedger
{
    private readonly ConcurrentDictionary<(string, string), string> _facts = new();

    public IReadOnlyDictionary<(string Scope, string Key), string> Facts => _facts;

    public Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken) =>
        Task.FromResult(_facts.TryGetValue((scope, key), out var v) ? v : null);

    public Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken)
    {
        _facts[(scope, key)] = value;
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken) =>
        Task.FromResult(_facts.TryAdd((scope, key), value));
}
