using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Storage;

/// <summary>
/// The incident journal in one SQLite file. Every save is one transaction with <c>synchronous=FULL</c> in WAL mode:
/// once <see cref="JournalStore.SaveAsync"/> returns, the step is on disk and survives a SIGKILL or power loss.
/// </summary>
/// <remarks>
/// Connections come from Microsoft.Data.Sqlite's pool, so reads run in parallel with each other and, under WAL, with a
/// write. The busy timeout covers other processes on the same file. Microsoft.Data.Sqlite runs its async methods
/// synchronously: a save holds its caller's thread for its fsyncs.
/// </remarks>
public sealed partial class SqliteIncidentStore : JournalStore
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public SqliteIncidentStore(IOptions<SqliteStoreOptions> options, TimeProvider time, ILogger<SqliteIncidentStore> logger)
        : this(options.Value, time, logger, JournalSchema.Migrations)
    {
    }

    internal SqliteIncidentStore(SqliteStoreOptions options, TimeProvider time, ILogger logger, IReadOnlyList<Migration> migrations)
        : base(JournalDialect.Sqlite, time)
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
        _logger = logger;
    }

    /// <summary>The absolute path of the journal file.</summary>
    public string DatabasePath => _path;

    public override string Location => _path;

    /// <summary>Closes this file's pooled connections, which lets SQLite checkpoint the WAL and release the files.</summary>
    public override void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
            SqliteConnection.ClearPool(connection);
        DisposeGates();
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

    private protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await OpenConnectionAsync(ct);

    // IMMEDIATE for writes: take the write lock up front, so a WAL snapshot can never turn stale halfway through a save.
    private protected override Task<DbTransaction> BeginAsync(DbConnection connection, bool write, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: !write));

    private protected override async Task ClosedAsync(Incident incident, CancellationToken ct) =>
        await IncidentLog.AppendAsync(Path.Combine(Path.GetDirectoryName(DatabasePath)!, IncidentLog.FileName), incident, ct);

    private protected override async Task OpenJournalAsync(CancellationToken ct)
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
            await RememberIdentityAsync(connection, ct);
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
