using Watchdog.Core.Incidents;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class SqliteIncidentStoreDurabilityTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Get_FromANewStoreWhileTheFirstIsNeverDisposed_ReturnsWhatWasSaved()
    {
        var crashed = _journal.Open();
        var incident = Samples.Full("a", Samples.T0);
        await crashed.SaveAsync(incident, CancellationToken.None);

        var next = _journal.Open();

        (await next.GetAsync("a", CancellationToken.None)).ShouldNotBeNull().ShouldMatch(incident);
    }

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

    [Fact]
    public async Task Save_TwentyIncidentsInParallel_AllLandWithTheirTimelines()
    {
        var store = _journal.Open();
        using var start = new ManualResetEventSlim();

        var saves = Enumerable.Range(0, 20).Select(n => Task.Run(async () =>
        {
            start.Wait();
            var incident = Samples.Open($"i{n:00}", Samples.T0.AddMinutes(n), service: $"svc{n % 3}");
            await store.SaveAsync(incident, CancellationToken.None);
            incident.SetStep(new StepRecord("notify-alert", StepStatus.Succeeded, 1, Samples.T0, Samples.T0, "ok"));
            incident.Record(Samples.T0.AddMinutes(n), TimelineKind.Step, "notify-alert succeeded");
            await store.SaveAsync(incident, CancellationToken.None);
            await store.ListOpenAsync(CancellationToken.None);
        })).ToList();
        start.Set();
        await Task.WhenAll(saves);

        var all = await _journal.Open().ListAsync(100, CancellationToken.None);
        all.Count.ShouldBe(20);
        all.ShouldAllBe(i => i.Timeline.Count == 3 && i.Steps.Count == 1);
    }
}
