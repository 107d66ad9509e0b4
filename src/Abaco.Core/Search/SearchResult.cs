using System.Text.Json.Nodes;
using Abaco.Core.Text;

namespace Abaco.Core.Search;

/// <summary>The page of documents a <see cref="SearchQuery"/> selected, with the original's paging metadata.</summary>
public sealed class SearchResult(
    IReadOnlyList<JsonObject> items, int totalCount, int recordsSkipped, int recordLimit, bool camelCase)
{
    /// <summary>The documents after skip and limit, in rank order (the caller's instances, not copies).</summary>
    public IReadOnlyList<JsonObject> Items { get; } = items;

    /// <summary>How many documents matched, before paging.</summary>
    public int TotalCount { get; } = totalCount;

    public int RecordsSkipped { get; } = recordsSkipped;
    public int RecordLimit { get; } = recordLimit;
    public int CountReturned => Items.Count;
    public bool CamelCase { get; } = camelCase;

    /// <summary>
    /// <c>{total_count, records_skipped, record_limit, count_returned}</c>; camel case (<c>totalCount</c>, …) when the
    /// API is camel, as the original passes this object through <c>dict_to_camel</c> (its tests assert
    /// <c>_metadata.countReturned</c> in camel mode).
    /// </summary>
    public JsonObject Metadata() => new()
    {
        [Name("total_count")] = TotalCount,
        [Name("records_skipped")] = RecordsSkipped,
        [Name("record_limit")] = RecordLimit,
        [Name("count_returned")] = CountReturned,
    };

    /// <summary>
    /// The API result <c>{"_metadata": {...}, "search": [...]}</c>. The items are copies; in camel case their
    /// top-level names are converted (<c>actor_id</c> → <c>actorId</c>; <c>_links</c> and nested names unchanged),
    /// as the original's <c>dict_to_camel</c> on each result.
    /// </summary>
    public JsonObject ToResponseBody()
    {
        var search = new JsonArray();
        foreach (var item in Items)
        {
            var copy = new JsonObject();
            foreach (var (name, value) in item) copy[Name(name)] = value?.DeepClone();
            search.Add(copy);
        }
        return new JsonObject { ["_metadata"] = Metadata(), ["search"] = search };
    }

    private string Name(string snake) => CamelCase ? FieldCase.ToCamel(snake) : snake;
}
