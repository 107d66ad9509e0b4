using System.Text.Json.Nodes;
using Abaco.Core.Executions;
using Abaco.Core.Search;

namespace Abaco.Stores;

/// <summary>
/// Runs a search over the executions or logs of a <see cref="StoreQuery"/>: the filters
/// <see cref="SearchPushdown"/> can hand to the store become SQL; when nothing is left to check and there is no
/// text search, the store also counts and pages. Otherwise the selected rows stream through a
/// <see cref="SearchWindow"/> in batches (keyset paging), so memory holds one batch and the requested page, never
/// the collection.
/// </summary>
public static class StoreSearch
{
    public const int DefaultBatch = 500;

    /// <exception cref="SearchQueryException">A <c>like</c> pattern took too long.</exception>
    public static Task<SearchResult> ExecutionsAsync(IExecutionStore store, SearchQuery query, StoreQuery where,
        Func<ExecutionRecord, JsonObject> toDocument, CancellationToken ct, int batch = DefaultBatch)
    {
        var (conditions, left) = SearchPushdown.ForExecutions(query.Filters);
        return RunAsync(query, where with { Conditions = conditions }, left, store.CountAsync, store.FindAsync, toDocument,
            batch, ct);
    }

    /// <exception cref="SearchQueryException">A <c>like</c> pattern took too long.</exception>
    public static Task<SearchResult> LogsAsync(ILogStore store, SearchQuery query, StoreQuery where,
        Func<SearchableLog, JsonObject> toDocument, CancellationToken ct, int batch = DefaultBatch)
    {
        var (conditions, left) = SearchPushdown.ForLogs(query.Filters);
        return RunAsync(query, where with { Conditions = conditions }, left, store.CountAsync, store.FindAsync, toDocument,
            batch, ct);
    }

    private static async Task<SearchResult> RunAsync<T>(SearchQuery query, StoreQuery where, IReadOnlyList<SearchFilter> left,
        Func<StoreQuery, CancellationToken, Task<int>> count,
        Func<StoreQuery, StoreCursor?, int, int, CancellationToken, Task<StorePage<T>>> find,
        Func<T, JsonObject> toDocument, int batch, CancellationToken ct)
    {
        if (where.ActorDbIds.Count == 0) return query.Apply([]);
        if (left.Count == 0 && !query.HasText)
        {
            var total = await count(where, ct).ConfigureAwait(false);
            var page = total > query.Skip && query.Limit > 0
                ? (await find(where, null, query.Skip, query.Limit, ct).ConfigureAwait(false)).Items
                : [];
            return new SearchResult(page.Select(toDocument).ToList(), total, query.Skip, query.Limit, query.CamelCase);
        }
        var window = new SearchWindow(query, left);
        for (StoreCursor? after = null; ;)
        {
            var rows = await find(where, after, 0, batch, ct).ConfigureAwait(false);
            foreach (var row in rows.Items) window.Offer(toDocument(row));
            if (rows.Items.Count < batch || rows.Next is null) return window.Result();
            after = rows.Next;
        }
    }
}
