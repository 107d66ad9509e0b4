using System.Text.Json.Nodes;

namespace Abaco.Core.Search;

/// <summary>
/// Collects the page of a <see cref="SearchQuery"/> from documents offered one at a time, in list order, keeping
/// only what the page can still need: without text terms the documents at positions skip … skip+limit, with terms
/// the skip+limit best (more terms first, list order among equals). Memory is bounded by the page, not by how many
/// documents are offered, so a store can stream its rows through it.
/// </summary>
public sealed class SearchWindow
{
    private readonly SearchQuery _query;
    private readonly IReadOnlyList<SearchFilter> _filters;
    private readonly long _keep;
    private readonly List<(JsonObject Doc, int Score, long Order)> _kept = [];
    private long _offered;

    /// <param name="filters">The filters still to check here (those a store has not applied already).</param>
    public SearchWindow(SearchQuery query, IReadOnlyList<SearchFilter> filters)
    {
        _query = query;
        _filters = filters;
        _keep = (long)query.Skip + query.Limit;
    }

    /// <summary>How many offered documents matched.</summary>
    public int Matched { get; private set; }

    /// <exception cref="SearchQueryException">A <c>like</c> pattern took too long.</exception>
    public void Offer(JsonObject doc)
    {
        var order = _offered++;
        if (_query.Score(doc, _filters) is not { } score) return;
        var position = Matched++;
        if (_query.Terms.Count == 0)
        {
            if (position >= _query.Skip && position < _keep) _kept.Add((doc, score, order));
            return;
        }
        if (_keep == 0) return;
        // Ranked: insert after every kept entry scoring at least as much (a stable sort by score, descending).
        var at = _kept.FindLastIndex(k => k.Score >= score) + 1;
        if (at >= _keep) return;
        _kept.Insert(at, (doc, score, order));
        if (_kept.Count > _keep) _kept.RemoveAt(_kept.Count - 1);
    }

    public SearchResult Result()
    {
        var page = _query.Terms.Count == 0
            ? _kept.Select(k => k.Doc).ToList()
            : _kept.Skip(_query.Skip).Select(k => k.Doc).ToList();
        return new SearchResult(page, Matched, _query.Skip, _query.Limit, _query.CamelCase);
    }
}
