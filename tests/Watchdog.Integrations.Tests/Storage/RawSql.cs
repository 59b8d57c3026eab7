using System.Data.Common;

namespace Watchdog.Integrations.Tests.Storage;

internal static class RawSql
{
    /// <summary>One value read straight from a journal's database, past every store.</summary>
    public static object? Scalar(this DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
