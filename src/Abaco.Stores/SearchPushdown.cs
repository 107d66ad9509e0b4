using Abaco.Core.Search;

namespace Abaco.Stores;

/// <summary>
/// Splits a search's filters into those the store can answer in SQL with exactly the result the document filter
/// would give, and the rest, which are checked here on the rows the store returns. A filter goes to the store only
/// when its field is one of a fixed list of scalar fields whose displayed value is the stored value (a time shown
/// at milliseconds is compared at milliseconds), and its values kept their plain type: strings compare for
/// (in)equality only, since the databases order text by collation, not as the API does; numbers and times compare
/// with every operator. Anything else (nested paths, <c>like</c>, values coerced to bool/null/JSON, text search)
/// is left to the document filter.
/// </summary>
public static class SearchPushdown
{
    private enum Kind { Text, Number, Time }

    private static readonly IReadOnlyDictionary<string, (StoreField Field, Kind Kind)> ExecutionFields =
        new Dictionary<string, (StoreField, Kind)>(StringComparer.Ordinal)
        {
            ["id"] = (StoreField.ExecutionId, Kind.Text),
            ["actor_id"] = (StoreField.ActorId, Kind.Text),
            ["executor"] = (StoreField.Executor, Kind.Text),
            ["worker_id"] = (StoreField.WorkerId, Kind.Text),
            ["status"] = (StoreField.Status, Kind.Text),
            ["runtime"] = (StoreField.Runtime, Kind.Number),
            ["cpu"] = (StoreField.Cpu, Kind.Number),
            ["io"] = (StoreField.Io, Kind.Number),
            ["message_received_time"] = (StoreField.MessageReceivedTime, Kind.Time),
        };

    private static readonly IReadOnlyDictionary<string, (StoreField Field, Kind Kind)> LogFields =
        new Dictionary<string, (StoreField, Kind)>(StringComparer.Ordinal) { ["logs"] = (StoreField.Logs, Kind.Text) };

    /// <summary>The filters of an execution search: what the store applies, and what is left.</summary>
    public static (IReadOnlyList<StoreCondition> Store, IReadOnlyList<SearchFilter> Left) ForExecutions(
        IEnumerable<SearchFilter> filters) => Split(filters, ExecutionFields);

    /// <summary>The filters of a log search: what the store applies, and what is left.</summary>
    public static (IReadOnlyList<StoreCondition> Store, IReadOnlyList<SearchFilter> Left) ForLogs(
        IEnumerable<SearchFilter> filters) => Split(filters, LogFields);

    private static (IReadOnlyList<StoreCondition>, IReadOnlyList<SearchFilter>) Split(IEnumerable<SearchFilter> filters,
        IReadOnlyDictionary<string, (StoreField Field, Kind Kind)> fields)
    {
        var store = new List<StoreCondition>();
        var left = new List<SearchFilter>();
        foreach (var filter in filters)
        {
            if (fields.TryGetValue(filter.Field, out var target) && Translate(filter, target.Field, target.Kind) is { } condition)
                store.Add(condition);
            else
                left.Add(filter);
        }
        return (store, left);
    }

    private static StoreCondition? Translate(SearchFilter filter, StoreField field, Kind kind)
    {
        StoreComparison? comparison = filter.Operator switch
        {
            SearchOperator.Eq => StoreComparison.Eq,
            SearchOperator.Neq => StoreComparison.Neq,
            SearchOperator.In => StoreComparison.In,
            SearchOperator.Nin => StoreComparison.Nin,
            SearchOperator.Lt when kind != Kind.Text => StoreComparison.Lt,
            SearchOperator.Lte when kind != Kind.Text => StoreComparison.Lte,
            SearchOperator.Gt when kind != Kind.Text => StoreComparison.Gt,
            SearchOperator.Gte when kind != Kind.Text => StoreComparison.Gte,
            SearchOperator.Between when kind != Kind.Text => StoreComparison.Between,
            _ => null,
        };
        IReadOnlyList<object>? values = kind switch
        {
            Kind.Text => filter.PlainStrings?.Cast<object>().ToList(),
            Kind.Number => filter.Numbers?.Select(n => (object)n).ToList(),
            _ => filter.Times?.Select(t => (object)t.UtcDateTime).ToList(),
        };
        return comparison is { } c && values is not null ? new StoreCondition(field, c, values) : null;
    }
}
