using System.Text.Json.Nodes;
using static Abaco.Core.Tests.Search.SearchDocs;

namespace Abaco.Core.Tests.Search;

public sealed class TextSearchSpecs
{
    private static readonly List<JsonObject> Actors =
    [
        Actor("A1", "search_admin_actor_1", "jstubbs/abaco_test", "first test actor"),
        Actor("A2", "search_admin_actor_2", "abacosamples/sleep_loop", "Sleeps in a loop"),
        Actor("A3", "reverse", "abacosamples/test", "reverses a string"),
        Actor("A4", "wc", "abacosamples/wc", "counts words; a test of loop"),
    ];

    [Fact(DisplayName = "search selects documents containing any of the terms, case-insensitively, inside any string")]
    public void Any_term()
    {
        Assert.Equal(["A2"], IdsOf(Query(("search", "SLEEP_LOOP")).Apply(Actors)));
        Assert.Equal(["A1", "A3"], IdsOf(Query(("search", "reverse abaco_test")).Apply(Actors)));
        Assert.Empty(Query(("search", "NOTATHINGWORD")).Apply(Actors).Items);
    }

    [Fact(DisplayName = "Documents are ranked by how many distinct terms they contain, ties keeping the given order")]
    public void Ranking()
    {
        var result = Query(("search", "loop test words")).Apply(Actors);

        // A4 has all three; A1, A2 and A3 one each, in the given order.
        Assert.Equal(["A4", "A1", "A2", "A3"], IdsOf(result));
        Assert.Equal(["A4", "A1", "A2", "A3"], IdsOf(Query(("search", "loop loop LOOP test words")).Apply(Actors)));
    }

    [Fact(DisplayName = "Without search terms the given order is kept")]
    public void Order_kept() =>
        Assert.Equal(["A4", "A3", "A2", "A1"], IdsOf(Query(("owner", "jdoe")).Apply(Enumerable.Reverse(Actors))));

    [Fact(DisplayName = "Strings in nested objects and arrays are searched; _links, names and numbers are not")]
    public void What_is_searched()
    {
        var docs = new List<JsonObject>
        {
            Doc("""{"id": "n1", "final_state": {"Error": "OOM happened"}}"""),
            Doc("""{"id": "n2", "tags": ["x", {"deep": "needle"}]}"""),
            Doc("""{"id": "n3", "_links": {"self": "https://api/needle/OOM"}, "needle": 1, "runtime": 4242}"""),
        };

        Assert.Equal(["n1"], IdsOf(Query(("search", "oom")).Apply(docs)));
        Assert.Equal(["n2"], IdsOf(Query(("search", "needle")).Apply(docs)));
        Assert.Empty(Query(("search", "4242")).Apply(docs).Items);
    }

    [Fact(DisplayName = "exactsearch requires the whole phrase, case-insensitively")]
    public void Exact_phrase()
    {
        Assert.Equal(["A1"], IdsOf(Query(("exactsearch", "jstubbs/abaco_test")).Apply(Actors)));
        Assert.Equal(["A2"], IdsOf(Query(("exactsearch", "sleeps IN a")).Apply(Actors)));
        Assert.Empty(Query(("exactsearch", "sleeps a loop")).Apply(Actors).Items);
        Assert.Empty(Query(("exactsearch", "NOTATHINGWORD")).Apply(Actors).Items);
    }

    [Fact(DisplayName = "A phrase must occur within one string, not across two")]
    public void Phrase_within_one_string() =>
        Assert.Empty(Query(("exactsearch", "wc abacosamples")).Apply(Actors).Items);

    [Fact(DisplayName = "A quoted phrase in search is required like exactsearch, and the other terms still rank")]
    public void Quoted_phrase_in_search()
    {
        var result = Query(("search", "\"abacosamples/\" reverse loop")).Apply(Actors);

        Assert.Equal(["A2", "A3", "A4"], IdsOf(result));
        Assert.Empty(Query(("search", "\"abacosamples/\" jstubbs")).Apply(Actors).Items);
    }

    [Fact(DisplayName = "exactsearch, search and field filters all have to hold")]
    public void Combined()
    {
        Assert.Equal(["A4"], IdsOf(Query(("exactsearch", "abacosamples"), ("search", "loop"), ("name.neq", "search_admin_actor_2")).Apply(Actors)));
        Assert.Equal(["A3", "A4"], IdsOf(Query(("search", "test"), ("image.like", "^abacosamples/")).Apply(Actors)));
    }
}
