using System.Data;
using System.Data.Common;

namespace Watchdog.Integrations.Storage;

/// <summary>ADO.NET plumbing shared by both journals: a command in a transaction, and named parameters.</summary>
internal static class JournalCommand
{
    public static DbCommand Create(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds <c>@name</c>; a null value is SQL NULL.</summary>
    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A typed parameter rebound per row of a loop.</summary>
    public static DbParameter Add(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = Create(connection, tx, sql);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static string? Text(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset? Time(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : JournalTime.Parse(reader.GetString(ordinal));
}
