using System.Data.Common;
using Watchdog.Integrations.Storage;
using Watchdog.Testing;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL: a database of its own per test.</summary>
public sealed class PostgresStoreConformanceTests : StoreConformance, IRunsOnPostgres
{
    private readonly PostgresJournal _journal = new();

    protected override ManualTimeProvider Time => _journal.Time;

    protected override JournalStore Open() => _journal.Open();

    protected override DbConnection Raw() => _journal.Raw();

    public override void Dispose() => _journal.Dispose();
}
