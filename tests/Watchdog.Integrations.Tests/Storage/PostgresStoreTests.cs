using Npgsql;
using Watchdog.Integrations.Postgres;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>What only the PostgreSQL journal has: migrations under a lock, and a server that can go away.</summary>
public sealed class PostgresStoreTests : IDisposable
{
    private const string Password = "correct-horse-battery-staple-77";

    private readonly PostgresJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    private static readonly Migration AddNote = new(PostgresSchema.Migrations[^1].Version + 1, "ALTER TABLE incidents ADD COLUMN note text");

    private object? Scalar(string sql)
    {
        using var connection = _journal.Raw();
        return connection.Scalar(sql);
    }

    [PostgresFact]
    public async Task Initialize_ThreeInstancesStartingTogetherOnAFreshDatabase_MigrateOnce()
    {
        // AddNote fails if it runs twice, and so would CREATE TABLE: a second migrator is an error, not a no-op.
        var stores = Enumerable.Range(0, 3).Select(_ => _journal.OpenWith([.. PostgresSchema.Migrations, AddNote])).ToArray();
        using var start = new Barrier(stores.Length);

        await Task.WhenAll(stores.Select(s => Task.Run(async () =>
        {
            start.SignalAndWait();
            await s.InitializeAsync(CancellationToken.None);
        })));

        Scalar("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations").ShouldBe(string.Join(",", PostgresSchema.Migrations.Select(m => m.Version).Append(AddNote.Version)));
        Scalar("SELECT count(*) FROM ledger WHERE scope = 'journal' AND \"key\" = 'identity'").ShouldBe(1L);
        foreach (var store in stores) (await store.CheckAsync(CancellationToken.None)).ShouldBeNull();
    }

    [PostgresFact]
    public async Task Initialize_WithALaterMigration_AppliesOnlyThatStepAndKeepsTheIncidents()
    {
        var incident = Samples.Full("a", Samples.T0);
        using (var v1 = _journal.Open())
            await v1.SaveAsync(incident, CancellationToken.None);

        var v2 = _journal.OpenWith([.. PostgresSchema.Migrations, AddNote]);
        await v2.InitializeAsync(CancellationToken.None);

        Scalar("SELECT count(*) FROM schema_migrations").ShouldBe((long)PostgresSchema.Migrations.Count + 1);
        Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'incidents' AND column_name = 'note'").ShouldBe(1L);
        (await v2.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().ShouldMatch(incident);
    }

    [PostgresFact]
    public async Task Initialize_DatabaseFromANewerWatchdog_ThrowsNamingTheDatabaseAndVersion()
    {
        await _journal.Open().InitializeAsync(CancellationToken.None);
        _journal.Execute("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')");

        var ex = await Should.ThrowAsync<IncidentJournalException>(() => _journal.Open().InitializeAsync(CancellationToken.None));

        ex.Message.ShouldContain(_journal.Name);
        ex.Message.ShouldContain("99");
    }

    [PostgresFact]
    public async Task Initialize_ServerUnreachable_ThrowsNamingTheServerButNotThePassword()
    {
        await using var cut = new TcpCut(ServerPort);
        cut.Cut();
        var store = _journal.Open(Through(cut));

        var ex = await Should.ThrowAsync<IncidentJournalException>(() => store.InitializeAsync(CancellationToken.None));

        ex.Message.ShouldContain($"127.0.0.1:{cut.Port}/{_journal.Name}");
        ex.ToString().ShouldNotContain(Password);
    }

    [PostgresFact]
    public async Task Check_ServerCutOff_IsLostAndRefusesWrites_ThenSoundAgainOnceItAnswers()
    {
        await using var cut = new TcpCut(ServerPort);
        var store = _journal.Open(Through(cut));
        await store.SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);
        (await store.CheckAsync(CancellationToken.None)).ShouldBeNull();

        cut.Cut();
        var problem = (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull();
        problem.ShouldStartWith("PostgreSQL cannot be used");
        problem.ShouldNotContain(Password);
        var refused = await Should.ThrowAsync<IncidentJournalException>(() => store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None));
        refused.Message.ShouldContain("refuses writes");
        await Should.ThrowAsync<IncidentJournalException>(() => store.TryAddAsync("links", "nonce", "x", CancellationToken.None));

        cut.Restore();
        (await store.CheckAsync(CancellationToken.None)).ShouldBeNull();
        await store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None);
        (await _journal.Open().ListAsync(10, CancellationToken.None)).Select(i => i.Id).ShouldBe(["b", "a"], ignoreOrder: true);
    }

    [PostgresFact]
    public async Task Check_DatabaseTurnedReadOnly_IsLostAndRefusesWrites_ThenSoundAgain()
    {
        var store = _journal.Open();
        await store.SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);

        _journal.Admin($"ALTER DATABASE {_journal.Name} SET default_transaction_read_only = on");
        (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull().ShouldContain("read-only");
        await Should.ThrowAsync<IncidentJournalException>(() => store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None));
        (await store.GetAsync("a", CancellationToken.None)).ShouldNotBeNull("reads still work: the status page can show what is known");

        _journal.Admin($"ALTER DATABASE {_journal.Name} RESET default_transaction_read_only");
        (await store.CheckAsync(CancellationToken.None)).ShouldBeNull();
        await store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None);
    }

    [PostgresFact]
    public async Task Check_DatabaseDroppedAndMadeAgain_IsFoundReplaced()
    {
        var store = _journal.Open();
        await store.SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);

        _journal.Admin($"DROP DATABASE {_journal.Name} WITH (FORCE)");
        _journal.Admin($"CREATE DATABASE {_journal.Name}");
        await _journal.Open().InitializeAsync(CancellationToken.None);

        (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull().ShouldContain("replaced");
    }

    private int ServerPort => _journal.Database.ServerPort;

    private string Through(TcpCut cut) =>
        new NpgsqlConnectionStringBuilder(_journal.ConnectionString) { Host = "127.0.0.1", Port = cut.Port, Password = Password, Timeout = 3 }.ConnectionString;
}
