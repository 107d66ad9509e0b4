namespace Abaco.Stores;

/// <summary>
/// What the SQL backends write differently in a search over executions and logs (see <see cref="SqlSearch"/>).
/// </summary>
/// <param name="Column">The expression of a field, over the executions (<c>x</c>) and logs (<c>l</c>) tables.</param>
/// <param name="Time">An instant as the backend stores it, for comparisons.</param>
/// <param name="ExecutionTenant">The expression of an execution's tenant.</param>
/// <param name="AmongIds">The predicate that an actor db id column is one of the <c>@ids</c> parameter.</param>
/// <param name="Ids">The value of the <c>@ids</c> parameter.</param>
internal sealed record SearchDialect(
    Func<StoreField, string> Column,
    Func<DateTime, object> Time,
    string ExecutionTenant,
    Func<string, string> AmongIds,
    Func<IReadOnlyCollection<string>, object> Ids);
