using System.Net.Sockets;
using Npgsql;
using Watchdog.Hosting;
using Watchdog.Integrations.Storage;

namespace Watchdog.Tests.Hosting;

/// <summary>Start-up waits out a journal it cannot reach, and stops on one that answers with a refusal a person must fix.</summary>
public class StoreFaultsTests
{
    public static TheoryData<string, Exception, bool> Faults => new()
    {
        { "connection refused", Npgsql(new SocketException((int)SocketError.ConnectionRefused)), true },
        { "the server closed the connection", Npgsql(new EndOfStreamException()), true },
        { "timed out connecting", Npgsql(new TimeoutException()), true },
        { "the database system is starting up", Postgres("57P03"), true },
        { "too many connections", Postgres("53300"), true },
        { "wrapped by the journal", Opening(Npgsql(new SocketException((int)SocketError.HostNotFound))), true },
        { "password refused", Opening(Postgres("28P01")), false },
        { "database does not exist", Opening(Postgres("3D000")), false },
        { "permission denied", Postgres("42501"), false },
        { "a newer schema", new IncidentJournalException("PostgreSQL db:5432/watchdog", "is at schema version 9"), false },
        { "a corrupt SQLite file", new InvalidDataException("file is not a database"), false },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Unreachable_OnlyWhatTimeCanFix(string what, Exception fault, bool waitedOut) =>
        StoreFaults.Unreachable(fault).ShouldBe(waitedOut, what);

    private static NpgsqlException Npgsql(Exception inner) => new("Failed to connect to 127.0.0.1:5432", inner);

    private static PostgresException Postgres(string state) => new("refused", "FATAL", "FATAL", state);

    private static IncidentJournalException Opening(Exception e) => new("PostgreSQL db:5432/watchdog", $"cannot be opened: {e.Message}", e);
}
