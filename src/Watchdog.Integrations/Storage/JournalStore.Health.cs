using System.Data.Common;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// The journal's own health: it is still the one opened, and takes writes. Once found lost, every write is refused,
/// loudly, rather than going somewhere nobody will read it back from.
/// </summary>
public abstract partial class JournalStore
{
    private const string Scope = "journal";
    private const string IdentityKey = "identity";

    private string _identity = "";
    private volatile string? _lost;

    /// <summary>What is wrong with the journal since the last check, or null while it is sound.</summary>
    public string? Problem => _lost;

    /// <summary>Checks the journal (identity, a durable write) and remembers the answer for every write after it.</summary>
    /// <returns>What is wrong, or null when the journal is sound again.</returns>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _lost = await ProblemAsync(cancellationToken);
            return _lost;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>What is wrong, in words (no secrets); null when sound. Engine errors are answers here, not exceptions.</summary>
    private protected abstract Task<string?> ProblemAsync(CancellationToken ct);

    /// <summary>A problem cheap enough to look for before every write (a deleted file); null when none.</summary>
    private protected virtual string? QuickProblem() => null;

    /// <summary>
    /// True when <paramref name="e"/> says the connection itself broke (a server restarted under the pool), not that
    /// the server refused the statement; the engine then drops its pooled connections.
    /// </summary>
    private protected virtual bool ConnectionBroke(Exception e) => false;

    /// <summary>Every write: one at a time in this process, and none into a journal found lost.</summary>
    /// <param name="idempotent">Whether writing twice is the same as once: then a broken connection is retried once, on a fresh one.</param>
    private protected async Task<T> WritingAsync<T>(Func<Task<T>> write, CancellationToken ct, bool idempotent = true)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            if (QuickProblem() is { } quick) _lost ??= quick;
            if (_lost is { } lost) throw new IncidentJournalException(Location, $"refuses writes: {lost}. Nothing is acted on until it is sound again.");
            try
            {
                return await write();
            }
            catch (Exception e) when (ConnectionBroke(e) && idempotent && !ct.IsCancellationRequested)
            {
                return await write();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The journal's identity, made once per database: one put in its place has another.</summary>
    private protected async Task RememberIdentityAsync(DbConnection connection, CancellationToken ct)
    {
        await LedgerWriteAsync(connection, null, Scope, IdentityKey, Guid.NewGuid().ToString("N"), DateTimeOffset.UnixEpoch, "DO NOTHING", ct);
        _identity = await LedgerValueAsync(connection, Scope, IdentityKey, ct) ?? throw new InvalidOperationException("the journal's identity was not stored");
    }

    /// <summary>Reads the identity back and makes a durable write, as a save would, on <paramref name="connection"/>.</summary>
    /// <param name="replaced">What to say when the identity differs.</param>
    private protected async Task<string?> IdentityAndWriteProblemAsync(DbConnection connection, string replaced, CancellationToken ct)
    {
        if (await LedgerValueAsync(connection, Scope, IdentityKey, ct) != _identity) return replaced;
        await using var tx = await BeginAsync(connection, write: true, ct);
        var now = Time.GetUtcNow();
        await LedgerWriteAsync(connection, tx, Scope, "heartbeat", JournalTime.Format(now), now, "DO UPDATE SET value = excluded.value, at = excluded.at", ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
