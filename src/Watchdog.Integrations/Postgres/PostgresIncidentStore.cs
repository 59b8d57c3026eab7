using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Postgres;

/// <summary>
/// The incident journal in a PostgreSQL database, shared by every instance pointed at it. A save is one transaction,
/// committed (and so on the server's WAL) before it returns. The journal is lost while the server cannot be reached or
/// refuses writes (a read-only standby, a read-only database): then, as with SQLite, every write is refused.
/// </summary>
/// <remarks>No <c>incidents.log</c>: the database is the one history every instance reads.</remarks>
public sealed class PostgresIncidentStore : JournalStore
{
    private readonly NpgsqlDataSource _source;
    private readonly string _checkConnectionString;
    private readonly string? _password;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public PostgresIncidentStore(PostgresStoreOptions options, TimeProvider time, ILogger<PostgresIncidentStore> logger)
        : this(options, time, logger, PostgresSchema.Migrations)
    {
    }

    internal PostgresIncidentStore(PostgresStoreOptions options, TimeProvider time, ILogger logger, IReadOnlyList<Migration> migrations)
        : base(JournalDialect.Postgres, time)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "watchdog";
        Location = PostgresStoreOptions.Describe(builder);
        _password = builder.Password;
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        // The check connects afresh, as a restart would, and is quick to call a dead server dead.
        _checkConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false, Timeout = 5, CommandTimeout = 5 }.ConnectionString;
        _migrations = migrations;
        _logger = logger;
    }

    public override string Location { get; }

    public override void Dispose()
    {
        _source.Dispose();
        DisposeGates();
    }

    private protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    // Reads see one snapshot across their three queries; a save's FOR UPDATE holds the incident's row.
    private protected override async Task<DbTransaction> BeginAsync(DbConnection connection, bool write, CancellationToken ct) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(write ? IsolationLevel.ReadCommitted : IsolationLevel.RepeatableRead, ct);

    private protected override async Task OpenJournalAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync(ct);
            var (from, to) = await PostgresSchema.MigrateAsync(connection, _migrations, Location, Time.GetUtcNow(), ct);
            if (from != to && from != 0)
                _logger.JournalMigrated(Location, from, to);
            await RememberIdentityAsync(connection, ct);
            _logger.JournalOpened(Location, to);
        }
        catch (Exception e) when (IsServerProblem(e))
        {
            throw new IncidentJournalException(Location, $"cannot be opened: {Describe(e)}. Watchdog will not act without its journal.", e);
        }
    }

    private protected override async Task<string?> ProblemAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_checkConnectionString);
            await connection.OpenAsync(ct);
            // A standby or a read-only database answers reads and fails here, on the write a save would make.
            var problem = await IdentityAndWriteProblemAsync(connection, "the database was replaced by another one (its journal identity differs)", ct);
            // Connections pooled while it was lost may hold its state then (a read-only session, a standby): not reused.
            if (problem is not null || Problem is not null) _source.Clear();
            return problem;
        }
        catch (Exception e) when (IsServerProblem(e) && !ct.IsCancellationRequested)
        {
            _source.Clear(); // what the pool holds is as dead as this connection; a restored server gets fresh ones
            return $"PostgreSQL cannot be used: {Describe(e)}";
        }
    }

    private protected override bool ConnectionBroke(Exception e)
    {
        // A server restart breaks every pooled connection at once; found on one, none of the others is tried.
        var broke = e is NpgsqlException and not PostgresException;
        if (broke) _source.Clear();
        return broke;
    }

    private static bool IsServerProblem(Exception e) => e is DbException or TimeoutException or SocketException or IOException;

    /// <summary>Npgsql's words (they name host and user, never the password), with the password scrubbed all the same.</summary>
    private string Describe(Exception e)
    {
        var text = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;
        return string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "***", StringComparison.Ordinal);
    }
}
