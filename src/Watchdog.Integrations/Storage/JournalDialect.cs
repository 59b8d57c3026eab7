namespace Watchdog.Integrations.Storage;

/// <summary>
/// Where the journal's SQL differs between SQLite and PostgreSQL. Everything else (tables, columns, upserts,
/// <c>@name</c> parameters, JournalTime text) is written once and runs on both.
/// </summary>
/// <param name="Differs">A null-safe "these differ" between two expressions.</param>
/// <param name="StepOrder">The column that orders steps as they were first journaled (an upsert keeps it).</param>
/// <param name="NoLimit">The <c>LIMIT</c> value that means all rows.</param>
/// <param name="LockRow">Appended to a single-row read inside a write, to hold that row until commit.</param>
internal sealed record JournalDialect(Func<string, string, string> Differs, string StepOrder, object NoLimit, string LockRow)
{
    public static readonly JournalDialect Sqlite = new((a, b) => $"{a} IS NOT {b}", "rowid", -1, "");

    // FOR UPDATE: two instances closing one incident together see it open only once.
    public static readonly JournalDialect Postgres = new((a, b) => $"{a} IS DISTINCT FROM {b}", "ord", DBNull.Value, " FOR UPDATE");
}
