using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class SqliteIncidentStoreDurabilityTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Get_FromACopyOfTheFilesTakenWhileTheWriterStillHoldsThem_ReturnsWhatWasSaved()
    {
        // What a SIGKILL leaves on disk: the database and its un-checkpointed WAL, no clean close. The copy is opened
        // by a store with no shared pool or memory, so only what reached the files can come back.
        var crashed = _journal.Open();
        var incident = Samples.Full("a", Samples.T0);
        await crashed.SaveAsync(incident, CancellationToken.None);
        await using var held = await crashed.OpenConnectionAsync(CancellationToken.None);
        var copy = _journal.NewDirectory();
        Directory.CreateDirectory(copy);
        File.Exists(_journal.DatabasePath + "-wal").ShouldBeTrue();
        foreach (var suffix in new[] { "", "-wal" })
            File.Copy(_journal.DatabasePath + suffix, Path.Combine(copy, "watchdog.db" + suffix));

        var recovered = _journal.Open(copy);

        (await recovered.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().ShouldMatch(incident);
    }

    [Fact]
    public async Task Connections_UseWalFullSyncForeignKeysAndTheBusyTimeout()
    {
        var store = _journal.Open();
        await store.InitializeAsync(CancellationToken.None);
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);

        async Task<object?> Pragma(string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return await command.ExecuteScalarAsync();
        }

        (await Pragma("journal_mode")).ShouldBe("wal");
        (await Pragma("synchronous")).ShouldBe(2L); // FULL
        (await Pragma("foreign_keys")).ShouldBe(1L);
        (await Pragma("busy_timeout")).ShouldBe(5000L);
    }

}
