using System.Data.Common;

namespace Abaco.Stores;

/// <summary>A statement's text and its parameters, ready for a backend to run.</summary>
internal sealed record SqlStatement(string Sql, (string Name, object? Value)[] Parameters);

/// <summary>A SQL database that reads rows for code shared by the backends (<see cref="SqlSearch"/>).</summary>
internal interface ISqlRows
{
    /// <summary>
    /// The rows of <paramref name="statement"/>, each read by <paramref name="map"/>; the statement is built on each
    /// attempt, so one that is retried reads the clock again.
    /// </summary>
    Task<List<T>> RowsAsync<T>(Func<SqlStatement> statement, Func<DbDataReader, T> map, CancellationToken ct);
}
