using System.Diagnostics;
using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>A journal that vanishes, rots or fills up is found by the check, and every write after it is refused.</summary>
public sealed class JournalLossTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    private async Task<SqliteIncidentStore> OpenWithAnIncidentAsync(string? directory = null)
    {
        var store = _journal.Open(directory);
        await store.SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);
        (await store.CheckAsync(CancellationToken.None)).ShouldBeNull();
        return store;
    }

    [Fact]
    public async Task Deleted_WhileOpen_IsFoundAndWritesAreRefused()
    {
        var store = await OpenWithAnIncidentAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_journal.DatabasePath + suffix);

        (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull().ShouldContain("gone");
        var refused = await Should.ThrowAsync<IncidentJournalException>(() => store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None));
        refused.Message.ShouldContain("refuses writes");
        File.Exists(_journal.DatabasePath).ShouldBeFalse("nothing quietly made a new, empty journal");
    }

    [Fact]
    public async Task Deleted_BeforeAnyCheck_TheNextWriteIsRefusedAtOnce()
    {
        var store = await OpenWithAnIncidentAsync();
        File.Delete(_journal.DatabasePath);

        await Should.ThrowAsync<IncidentJournalException>(() => store.SetAsync("scope", "key", "value", CancellationToken.None));
        store.Problem.ShouldNotBeNull().ShouldContain("gone");
    }

    [Fact]
    public async Task ReplacedByAnotherJournal_IsFound()
    {
        var store = await OpenWithAnIncidentAsync();
        var other = _journal.NewDirectory();
        await _journal.Open(other).InitializeAsync(CancellationToken.None);
        SqliteConnectionPools.Clear();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_journal.DatabasePath + suffix);
        File.Copy(Path.Combine(other, SqliteStoreOptions.FileName), _journal.DatabasePath);

        (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull().ShouldContain("replaced");
    }

    [Fact]
    public async Task CorruptHeader_IsFound()
    {
        var store = await OpenWithAnIncidentAsync();
        await using (var file = new FileStream(_journal.DatabasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            await file.WriteAsync(new byte[100].Select(_ => (byte)'X').ToArray());

        (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull().ShouldContain("header is not SQLite's");
        await Should.ThrowAsync<IncidentJournalException>(() => store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None));
    }

    [Fact]
    public async Task FullFilesystem_IsFound_AndOnceThereIsRoomAgainTheJournalIsSound()
    {
        var mount = _journal.NewDirectory();
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {mount}");
        try
        {
            var store = await OpenWithAnIncidentAsync(mount);
            var filler = Path.Combine(mount, "filler");
            await Fill(filler);

            (await store.CheckAsync(CancellationToken.None)).ShouldNotBeNull().ShouldContain("disk holding the journal is full");
            await Should.ThrowAsync<IncidentJournalException>(() => store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None));

            File.Delete(filler);
            (await store.CheckAsync(CancellationToken.None)).ShouldBeNull();
            await store.SaveAsync(Samples.Open("b", Samples.T0), CancellationToken.None);
            (await store.GetAsync("b", CancellationToken.None)).ShouldNotBeNull();
            store.Dispose();
        }
        finally
        {
            SqliteConnectionPools.Clear();
            Run("umount", $"-l {mount}");
        }
    }

    private static async Task Fill(string path)
    {
        await using var file = File.Create(path);
        var block = new byte[64 * 1024];
        try
        {
            while (true) await file.WriteAsync(block);
        }
        catch (IOException)
        {
            // No space left: exactly what the test wants.
        }
    }

    private static void Run(string command, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException(command);
        p.WaitForExit(10_000);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{command} {args}: {p.StandardError.ReadToEnd()} (the full-disk test needs root to mount a small tmpfs)");
    }
}

/// <summary>Microsoft.Data.Sqlite keeps pooled connections open; a test that swaps files under them closes them first.</summary>
internal static class SqliteConnectionPools
{
    public static void Clear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}
