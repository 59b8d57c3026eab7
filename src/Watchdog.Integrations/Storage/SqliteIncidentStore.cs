using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// The incident journal in one SQLite file. Every save is one transaction with <c>synchronous=FULL</c> in WAL mode:
/// once <see cref="SaveAsync"/> returns, the step is on disk and survives a SIGKILL or power loss.
/// </summary>
/// <remarks>
/// Thread-safe. Each operation takes its own connection from Microsoft.Data.Sqlite's pool, so reads run in parallel
/// with each other and, under WAL, with a write. Writes from this process queue on a semaphore rather than poll
/// SQLite's busy handler; the busy timeout covers other processes on the same file. The schema is created or migrated
/// on first use; call <see cref="InitializeAsync"/> at start-up to fail there, naming the file, when it is unusable.
/// Microsoft.Data.Sqlite runs its async methods synchronously: a save holds its caller's thread for its fsyncs.
/// </remarks>
public sealed partial class SqliteIncidentStore : IIncidentStore, ILedger, IDisposable
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _initialized;

    public SqliteIncidentStore(IOptions<SqliteStoreOptions> options, TimeProvider time, ILogger<SqliteIncidentStore> logger)
        : this(options.Value, time, logger, JournalSchema.Migrations)
    {
    }

    internal SqliteIncidentStore(SqliteStoreOptions options, TimeProvider time, ILogger logger, IReadOnlyList<Migration> migrations)
    {
        _path = options.DatabasePath;
        var busy = options.BusyTimeout;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite's own retry on SQLITE_BUSY runs for the command timeout: keep it to the busy timeout.
            DefaultTimeout = (int)Math.Ceiling(busy.TotalSeconds),
        }.ToString();
        // Per-connection settings; journal_mode=WAL is kept by the file itself and set once at start-up. The bundled
        // e_sqlite3 already defaults to foreign keys on and FULL sync in WAL; they are set anyway so another native
        // SQLite build cannot quietly weaken durability.
        _connectionPragmas = $"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)busy.TotalMilliseconds};";
        _migrations = migrations;
        _time = time;
        _logger = logger;
    }

    /// <summary>The absolute path of the journal file.</summary>
    public string DatabasePath => _path;

    /// <summary>
    /// Opens the journal, creating its directory, file and schema when missing and migrating an older schema. Throws
    /// <see cref="IncidentJournalException"/> naming the file when it is not a database, is corrupt or is from a newer
    /// Watchdog. Safe to call more than once; other operations call it on first use.
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
            await using var connection = await OpenConnectionAsync(cancellationToken);
            // IMMEDIATE: take the write lock up front, so a WAL snapshot can never turn stale halfway through the save.
            await using var tx = connection.BeginTransaction(deferred: false);
            var wasOpen = await IsStoredOpenAsync(connection, tx, incident.Id, cancellationToken);
            await IncidentWriter.WriteAsync(connection, tx, incident, _time.GetUtcNow(), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (wasOpen && !incident.IsOpen)
                await IncidentLog.AppendAsync(Path.Combine(Path.GetDirectoryName(DatabasePath)!, IncidentLog.FileName), incident, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await ReadAsync("id = $id", p => p.AddWithValue("$id", id), 1, cancellationToken);
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
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // JournalTime text orders as time does, so >= on the text is >= on the instant.
        command.CommandText = """
            SELECT rollback_started_at FROM incidents
            WHERE service = $service AND drill = 0 AND rollback_started_at >= $since
              AND (mode = 'Auto' OR EXISTS (SELECT 1 FROM timeline t WHERE t.incident_id = incidents.id AND t.kind = 'unvetoed'))
            ORDER BY rollback_started_at
            """;
        command.Parameters.AddWithValue("$service", service);
        command.Parameters.AddWithValue("$since", JournalTime.Format(since));
        var started = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            started.Add(JournalTime.Parse(reader.GetString(0)));
        return started;
    }

    /// <summary>True when the incident is not stored yet or stored open: the save that closes it writes the incidents.log line, once.</summary>
    private static async Task<bool> IsStoredOpenAsync(SqliteConnection connection, SqliteTransaction tx, string id, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT closed_at IS NULL FROM incidents WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(ct) is not long open || open == 1;
    }

    /// <summary>Closes this file's pooled connections, which lets SQLite checkpoint the WAL and release the files.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
            SqliteConnection.ClearPool(connection);
        _initGate.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>An open connection with the journal's per-connection settings applied.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<List<Incident>> ReadAsync(string where, Action<SqliteParameterCollection> bind, int limit, CancellationToken ct)
    {
        await InitializeAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        await using var tx = connection.BeginTransaction(deferred: true);
        var incidents = await IncidentReader.ReadAsync(connection, tx, where, bind, limit, ct);
        await tx.CommitAsync(ct);
        return incidents;
    }

    private async Task OpenJournalAsync(CancellationToken ct)
    {
        const string Remedy = "Restore it from a backup or move it aside; Watchdog will not act without its journal.";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using var connection = await OpenConnectionAsync(ct);

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode = WAL";
                var mode = await command.ExecuteScalarAsync(ct) as string ?? "unknown";
                if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
                    _logger.JournalNotWal(_path, mode);
            }

            // A valid header over damaged pages opens fine and fails later, mid-rollback: check every page now.
            var problems = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA quick_check";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    problems.Add(reader.GetString(0));
            }

            if (problems is not ["ok"])
                throw new IncidentJournalException(_path, $"is corrupt (quick_check: {string.Join("; ", problems.Take(3))}). {Remedy}");

            var (from, to) = await JournalSchema.MigrateAsync(connection, _migrations, ct);
            if (from != to && from != 0)
                _logger.JournalMigrated(_path, from, to);
            _identity = await IdentityAsync(connection, ct);
            _logger.JournalOpened(_path, to);
        }
        catch (SqliteException ex)
        {
            throw new IncidentJournalException(_path, $"cannot be opened: {ex.Message} {Remedy}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IncidentJournalException(_path, $"cannot be created or read: {ex.Message}", ex);
        }
    }
}
