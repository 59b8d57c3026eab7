using System.Data.Common;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// The incident journal over ADO.NET, whatever the engine: every save is one transaction, committed before
/// <see cref="SaveAsync"/> returns, so a restart resumes the step instead of repeating it. The engines (SQLite,
/// PostgreSQL) supply connections, transactions, their schema and what "lost" means for them; the SQL is shared.
/// </summary>
/// <remarks>
/// Thread-safe. Each operation takes its own pooled connection, so reads run in parallel. Writes from this process
/// queue on a semaphore (one at a time, and none into a journal found lost). The schema is created or migrated on
/// first use; call <see cref="InitializeAsync"/> at start-up to fail there, naming the journal, when it is unusable.
/// </remarks>
public abstract partial class JournalStore : IIncidentStore, ILedger, IDisposable
{
    private readonly JournalDialect _dialect;
    private readonly IncidentWriter _writer;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _initialized;

    private protected JournalStore(JournalDialect dialect, TimeProvider time)
    {
        _dialect = dialect;
        _writer = new IncidentWriter(dialect);
        Time = time;
    }

    /// <summary>Where the journal is, in words fit for logs and messages (a file path; a server and database, never a password).</summary>
    public abstract string Location { get; }

    private protected TimeProvider Time { get; }

    /// <summary>
    /// Opens the journal, creating its schema when missing and migrating an older one. Throws
    /// <see cref="IncidentJournalException"/> naming the journal when it cannot be used or is from a newer Watchdog.
    /// Safe to call more than once; other operations call it on first use.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _initGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            await OpenJournalAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    public async Task SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await InitializeAsync(cancellationToken);
        await WritingAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await BeginAsync(connection, write: true, cancellationToken);
            await CheckFenceAsync(connection, tx, incident, cancellationToken);
            var wasOpen = await IsStoredOpenAsync(connection, tx, incident.Id, cancellationToken);
            await _writer.WriteAsync(connection, tx, incident, Time.GetUtcNow(), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (wasOpen && !incident.IsOpen)
                await ClosedAsync(incident, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await ReadAsync("id = @id", c => c.Add("id", id), 1, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Newest first by when they opened.</summary>
    public async Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync("1 = 1", _ => { }, limit, cancellationToken);
    }

    /// <summary>Incidents not yet closed, newest first.</summary>
    public async Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken) =>
        await ReadAsync("closed_at IS NULL", _ => { }, -1, cancellationToken);

    public async Task<IReadOnlyList<DateTimeOffset>> AutomaticRollbacksSinceAsync(string service, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        // JournalTime text orders as time does (bytewise: PostgreSQL's columns are COLLATE "C"), so >= on the text is >= on the instant.
        await using var command = JournalCommand.Create(connection, null, """
            SELECT rollback_started_at FROM incidents
            WHERE service = @service AND drill = 0 AND rollback_started_at >= @since
              AND (mode = 'Auto' OR EXISTS (SELECT 1 FROM timeline t WHERE t.incident_id = incidents.id AND t.kind = 'unvetoed'))
            ORDER BY rollback_started_at
            """);
        command.Add("service", service);
        command.Add("since", JournalTime.Format(since));
        var started = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            started.Add(JournalTime.Parse(reader.GetString(0)));
        return started;
    }

    public abstract void Dispose();

    /// <summary>Creates or migrates the schema and remembers the journal's identity (<see cref="RememberIdentityAsync"/>).</summary>
    private protected abstract Task OpenJournalAsync(CancellationToken ct);

    /// <summary>An open connection from the engine's pool, with its per-connection settings applied.</summary>
    private protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A write transaction takes the write lock up front; a read one keeps its queries on one snapshot.</summary>
    private protected abstract Task<DbTransaction> BeginAsync(DbConnection connection, bool write, CancellationToken ct);

    /// <summary>After the save that closed an incident committed.</summary>
    private protected virtual Task ClosedAsync(Incident incident, CancellationToken ct) => Task.CompletedTask;

    /// <summary>True when the incident is not stored yet or stored open: the save that closes it is told, once.</summary>
    private async Task<bool> IsStoredOpenAsync(DbConnection connection, DbTransaction tx, string id, CancellationToken ct)
    {
        await using var command = JournalCommand.Create(connection, tx, $"SELECT CASE WHEN closed_at IS NULL THEN 1 ELSE 0 END FROM incidents WHERE id = @id{_dialect.LockRow}");
        command.Add("id", id);
        return await command.ExecuteScalarAsync(ct) is not { } open || Convert.ToInt64(open, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private async Task<List<Incident>> ReadAsync(string where, Action<DbCommand> bind, int limit, CancellationToken ct)
    {
        await InitializeAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginAsync(connection, write: false, ct);
        var incidents = await IncidentReader.ReadAsync(connection, tx, _dialect, where, bind, limit, ct);
        await tx.CommitAsync(ct);
        return incidents;
    }

    private protected void DisposeGates()
    {
        _initGate.Dispose();
        _writeGate.Dispose();
    }
}
