using System.Data.Common;

namespace Abaco.Stores;

/// <summary>A statement's text and its parameters (named <c>@name</c>, which both backends accept), ready to run.</summary>
internal sealed record SqlStatement(string Sql, params (string Name, object? Value)[] Parameters);

/// <summary>
/// A SQL backend as the code the backends share uses it (<see cref="SqlSearch"/>, <see cref="TenantDocuments{T}"/>).
/// Statements are built on each attempt, so one that is retried reads the clock again.
/// </summary>
internal interface ISqlDatabase
{
    /// <summary>The column that numbers a table's rows in the order they were inserted.</summary>
    string InsertionOrder { get; }

    /// <summary>The rows of <paramref name="statement"/>, each read by <paramref name="map"/>.</summary>
    Task<List<T>> RowsAsync<T>(Func<SqlStatement> statement, Func<DbDataReader, T> map, CancellationToken ct);

    /// <summary>Runs a write, committed when the task completes; the number of rows it changed.</summary>
    Task<int> ExecuteAsync(Func<SqlStatement> statement, CancellationToken ct);
}
