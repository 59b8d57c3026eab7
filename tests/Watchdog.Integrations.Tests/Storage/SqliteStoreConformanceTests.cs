using System.Data.Common;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>The store contract on the SQLite journal: a fresh file per test.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformance
{
    private readonly TempJournal _journal = new();

    protected override ManualTimeProvider Time => _journal.Time;

    protected override JournalStore Open() => _journal.Open();

    protected override DbConnection Raw() => _journal.Raw();

    public override void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Save_StoresTimesAsJournalTextColumns()
    {
        var store = Open();
        await store.SaveAsync(Samples.Open("a", Samples.T0), CancellationToken.None);

        Scalar("SELECT typeof(updated_at) FROM incidents").ShouldBe("text");
    }
}
