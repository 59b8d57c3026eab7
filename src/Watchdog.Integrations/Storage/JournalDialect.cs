namespace Watchdog.Integrations.Storage;

/// <summary>
/// Where the journal's SQL differs between SQLite and PostgreSQL. Everything else (tables, columns, upserts,
/// <c>@name</c> parameters, JournalTime text) is written once and runs on both.
/// </summary>
/// <param name="Differs">A null-safe "these differ" between two expressions.</param>
/// <param name="StepOrder">The column that orders steps as they were first journaled (an upsert keeps it).</param>
/// <param name="NoLimit">The <c>LIMIT</c> value that means all rows.</param>
/// <param name="LockRow">Appended to a single-row read inside a write, to hold that row until commit.</param>
/// <param name="Elements">The rows (<c>value</c>, in the array's order) of a parameter holding a JSON array of strings.</param>
internal sealed record JournalDialect(Func<string, string, string> Differs, string StepOrder, object NoLimit, string LockRow, Func<string, string> Elements)
{
    public static readonly JournalDialect Sqlite = new((a, b) => $"{a} IS NOT {b}", "rowid", -1, "",
        p => $"SELECT value FROM json_each({p}) WHERE true ORDER BY key");

    // FOR UPDATE: two instances closing one incident together see it open only once.
    public static readonly JournalDialect Postgres = new((a, b) => $"{a} IS DISTINCT FROM {b}", "ord", DBNull.Value, " FOR UPDATE",
        p => $"SELECT e.value FROM json_array_elements_text(CAST({p} AS json)) WITH ORDINALITY AS e(value, ord) WHERE true ORDER BY e.ord");
}
