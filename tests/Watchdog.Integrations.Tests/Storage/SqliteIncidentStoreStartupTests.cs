using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class SqliteIncidentStoreStartupTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Initialize_MissingDirectory_CreatesFileAndSchemaAtTheLatestVersion()
    {
        Directory.Exists(_journal.DataDirectory).ShouldBeFalse();

        await _journal.Open().InitializeAsync(CancellationToken.None);

        File.Exists(_journal.DatabasePath).ShouldBeTrue();
        _journal.Scalar("SELECT version FROM schema_version").ShouldBe((long)JournalSchema.LatestVersion);
        _journal.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('incidents', 'timeline', 'steps')").ShouldBe(3L);
    }

    [Fact]
    public async Task Initialize_FileThatIsNotADatabase_ThrowsNamingThePath()
    {
        Directory.CreateDirectory(_journal.DataDirectory);
        await File.WriteAllTextAsync(_journal.DatabasePath, "this is a text file where the journal should be, long enough to have a header\n");
        var store = _journal.Open();

        var ex = await Should.ThrowAsync<IncidentJournalException>(() => store.InitializeAsync(CancellationToken.None));

        ex.Message.ShouldContain(_journal.DatabasePath);
        ex.Message.ShouldContain("not a database");
        ex.DatabasePath.ShouldBe(_journal.DatabasePath);
    }

    [Fact]
    public async Task Save_WithoutInitializeOnANonDatabaseFile_ThrowsTheSameError()
    {
        Directory.CreateDirectory(_journal.DataDirectory);
        await File.WriteAllBytesAsync(_journal.DatabasePath, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);

        var ex = await Should.ThrowAsync<IncidentJournalException>(() =>
            _journal.Open().SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None));

        ex.Message.ShouldContain(_journal.DatabasePath);
    }

    [Fact]
    public async Task Initialize_DatabaseWithDamagedPages_ThrowsNamingThePath()
    {
        using (var writer = _journal.Open())
        {
            for (var n = 0; n < 40; n++)
            {
                var incident = Samples.Full($"i{n:00}", Samples.T0.AddMinutes(n));
                incident.SetStep(new(incident.Steps.First().Key, Core.Incidents.StepStatus.Succeeded, 1, Samples.T0, Samples.T0, new string('x', 2000)));
                await writer.SaveAsync(incident, CancellationToken.None);
            }
        } // disposed: the WAL is checkpointed into the main file

        await using (var file = new FileStream(_journal.DatabasePath, FileMode.Open, FileAccess.Write))
        {
            file.Length.ShouldBeGreaterThan(8 * 4096);
            file.Position = 3 * 4096;
            file.Write([.. Enumerable.Range(0, 4 * 4096).Select(i => (byte)(i * 31 + 17))]);
        }

        var ex = await Should.ThrowAsync<IncidentJournalException>(() => _journal.Open().InitializeAsync(CancellationToken.None));

        ex.Message.ShouldContain(_journal.DatabasePath);
    }

    [Fact]
    public async Task Initialize_FileFromANewerSchema_ThrowsNamingPathAndVersion()
    {
        using (var first = _journal.Open())
            await first.InitializeAsync(CancellationToken.None);
        using (var connection = _journal.Raw())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE schema_version SET version = 99";
            command.ExecuteNonQuery();
        }

        var ex = await Should.ThrowAsync<IncidentJournalException>(() => _journal.Open().InitializeAsync(CancellationToken.None));

        ex.Message.ShouldContain(_journal.DatabasePath);
        ex.Message.ShouldContain("99");
    }

    [Fact]
    public async Task Initialize_WithALaterMigration_AppliesOnlyThatStepAndKeepsTheIncidents()
    {
        var incident = Samples.Full("a", Samples.T0);
        using (var v1 = _journal.Open())
            await v1.SaveAsync(incident, CancellationToken.None);

        var v2 = _journal.OpenWith([.. JournalSchema.Migrations, new Migration(JournalSchema.LatestVersion + 1, "ALTER TABLE incidents ADD COLUMN note TEXT")]);
        await v2.InitializeAsync(CancellationToken.None);

        _journal.Scalar("SELECT version FROM schema_version").ShouldBe((long)JournalSchema.LatestVersion + 1);
        _journal.Scalar("SELECT count(*) FROM pragma_table_info('incidents') WHERE name = 'note'").ShouldBe(1L);
        (await v2.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().ShouldMatch(incident);
    }

    [Fact]
    public async Task Initialize_AVersion3Journal_AddsTheDrillMarkAndCountsItsRollbacksAsReal()
    {
        var v3 = _journal.OpenWith([.. JournalSchema.Migrations.Where(m => m.Version <= 3)]);
        await v3.InitializeAsync(CancellationToken.None);
        var trigger = Samples.BareTrigger(Samples.T0);
        using (var raw = _journal.Raw())
        using (var insert = raw.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO incidents (id, service, mode, state, opened_at, impact_started_at, detected_at, rollback_started_at, trigger_json, updated_at)
                VALUES ('old', 'api', 'Auto', 'RollingBack', $t, $t, $t, $t, $trigger, $t)
                """;
            insert.Parameters.AddWithValue("$t", JournalTime.Format(Samples.T0));
            insert.Parameters.AddWithValue("$trigger", JournalJson.WriteTrigger(trigger));
            insert.ExecuteNonQuery();
        }

        var v4 = _journal.Open();
        await v4.InitializeAsync(CancellationToken.None);

        _journal.Scalar("SELECT version FROM schema_version").ShouldBe((long)JournalSchema.LatestVersion);
        (await v4.GetAsync("old", CancellationToken.None)).ShouldNotBeNull().Drill.ShouldBeFalse();
        (await v4.AutomaticRollbacksSinceAsync("api", Samples.T0, CancellationToken.None)).ShouldBe([Samples.T0]);
    }
}
