using System.Collections.Concurrent;
using Watchdog.Core.Ports;

namespace Watchdog.Testing;

/// <summary>An <see cref="ILedger"/> in a dictionary; the SQLite one is tested against the same contract.</summary>
public sealed class InMemoryLedger : ILedger
{
    private readonly ConcurrentDictionary<(string, string), string> _facts = new();

    public IReadOnlyDictionary<(string Scope, string Key), string> Facts => _facts;

    /// <summary>When set, a write to a scope it names fails with the exception it returns (a journal refusing writes).</summary>
    public Func<string, Exception?>? FailWrites { get; set; }

    private void Write(string scope)
    {
        if (FailWrites?.Invoke(scope) is { } e) throw e;
    }

    public Task<string?> GetAsync(string scope, string key, CancellationToken cancellationToken) =>
        Task.FromResult(_facts.TryGetValue((scope, key), out var v) ? v : null);

    public Task SetAsync(string scope, string key, string value, CancellationToken cancellationToken)
    {
        Write(scope);
        _facts[(scope, key)] = value;
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(string scope, string key, string value, CancellationToken cancellationToken)
    {
        Write(scope);
        return Task.FromResult(_facts.TryAdd((scope, key), value));
    }

    public Task<IReadOnlyList<KeyValuePair<string, string>>> EntriesAsync(string scope, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([.. _facts.Where(f => f.Key.Item1 == scope).OrderBy(f => f.Key.Item2, StringComparer.Ordinal)
            .Select(f => KeyValuePair.Create(f.Key.Item2, f.Value))]);

    public Task<IReadOnlySet<string>> ScopesAsync(string prefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(_facts.Keys.Select(k => k.Item1).Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet());

    public Task<bool> RemoveAsync(string scope, string key, CancellationToken cancellationToken) => Task.FromResult(_facts.TryRemove((scope, key), out _));
}
