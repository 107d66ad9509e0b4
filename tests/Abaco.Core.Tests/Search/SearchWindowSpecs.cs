using System.Text.Json.Nodes;
using Abaco.Core.Search;
using static Abaco.Core.Tests.Search.SearchDocs;

namespace Abaco.Core.Tests.Search;

/// <summary>
/// The window that pages a search while documents stream past it answers as sorting every match would: a stable
/// sort by the number of terms found, then skip and limit.
/// </summary>
public sealed class SearchWindowSpecs
{
    private static readonly string[] Words = ["red", "green", "blue", "cyan", "gold"];

    [Fact(DisplayName = "Paging while streaming gives the page and total of a full stable sort, for every skip and limit")]
    public void Same_page_as_a_full_sort()
    {
        var random = new Random(20261206);
        var docs = Enumerable.Range(0, 60).Select(i => new JsonObject
        {
            ["id"] = $"d{i:00}",
            ["text"] = string.Join(" ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Words[random.Next(Words.Length)])),
            ["n"] = random.Next(0, 5),
        }).ToList();

        foreach (var search in new[] { "", "red", "red green blue", "gold cyan" })
        foreach (var (skip, limit) in new[] { (0, 100), (0, 0), (0, 1), (3, 5), (10, 7), (50, 20), (59, 1), (70, 5) })
        {
            var parameters = new List<(string, string)> { ("n.lte", "3"), ("skip", $"{skip}"), ("limit", $"{limit}") };
            if (search.Length > 0) parameters.Add(("search", search));
            var query = Query(parameters.ToArray());
            var terms = search.Split(' ', StringSplitOptions.RemoveEmptyEntries);

            var matches = docs.Where(d => (int)d["n"]! <= 3)
                .Select(d => (Doc: d, Score: terms.Count(t => ((string)d["text"]!).Contains(t) || ((string)d["id"]!).Contains(t))))
                .Where(m => terms.Length == 0 || m.Score > 0).ToList();
            var sorted = terms.Length == 0 ? matches : matches.OrderByDescending(m => m.Score).ToList();

            var window = new SearchWindow(query, query.Filters);
            foreach (var doc in docs) window.Offer(doc);
            var result = window.Result();

            var context = $"search='{search}' skip={skip} limit={limit}";
            Assert.True(sorted.Count == result.TotalCount, context);
            Assert.True(sorted.Skip(skip).Take(limit).Select(m => (string)m.Doc["id"]!).SequenceEqual(IdsOf(result)), context);
        }
    }
}
