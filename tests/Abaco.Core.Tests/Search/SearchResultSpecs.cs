using System.Text.Json.Nodes;
using Abaco.Core.Search;
using static Abaco.Core.Tests.Search.SearchDocs;

namespace Abaco.Core.Tests.Search;

public sealed class SearchResultSpecs
{
    private static List<JsonObject> Executions(int count) =>
        Enumerable.Range(1, count).Select(i => Execution(id: $"ex{i}", runtime: i)).ToList();

    [Fact(DisplayName = "skip and limit page the matches after counting them all")]
    public void Paging()
    {
        var result = Query(("runtime.gt", "2"), ("skip", "1"), ("limit", "2")).Apply(Executions(6));

        Assert.Equal(["ex4", "ex5"], IdsOf(result));
        Assert.Equal(4, result.TotalCount);
        Assert.Equal(1, result.RecordsSkipped);
        Assert.Equal(2, result.RecordLimit);
        Assert.Equal(2, result.CountReturned);
    }

    [Theory(DisplayName = "Paging past the end or with limit 0 returns nothing but keeps the total")]
    [InlineData("10", "5")]
    [InlineData("0", "0")]
    [InlineData("3", "0")]
    public void Empty_pages(string skip, string limit)
    {
        var result = Query(("skip", skip), ("limit", limit)).Apply(Executions(3));

        Assert.Empty(result.Items);
        Assert.Equal(3, result.TotalCount);
        Assert.Equal(0, result.CountReturned);
    }

    [Fact(DisplayName = "The default page is the first 100 matches")]
    public void Default_limit()
    {
        var result = Query(("status", "COMPLETE")).Apply(Executions(101));

        Assert.Equal(100, result.CountReturned);
        Assert.Equal(101, result.TotalCount);
        Assert.Equal("ex100", (string)result.Items[^1]["id"]!);
    }

    [Fact(DisplayName = "Every filter has to hold")]
    public void Filters_are_anded()
    {
        var docs = new List<JsonObject> { Execution("a", "COMPLETE", 5), Execution("b", "ERROR", 5), Execution("c", "COMPLETE", 50) };

        Assert.Equal(["a"], IdsOf(Query(("status", "COMPLETE"), ("runtime.lt", "10")).Apply(docs)));
    }

    [Fact(DisplayName = "Items are the caller's documents, not copies")]
    public void Items_are_the_documents()
    {
        var docs = Executions(2);

        Assert.Same(docs[1], Query(("skip", "1")).Apply(docs).Items[0]);
    }

    [Fact(DisplayName = "The snake case response body is the original's _metadata and search")]
    public void Snake_body()
    {
        var body = Query(("skip", "1"), ("limit", "1")).Apply([Doc("""{"id": "a"}"""), Doc("""{"id": "b", "actor_id": "X"}""")]).ToResponseBody();

        Assert.Equal(
            """{"_metadata":{"total_count":2,"records_skipped":1,"record_limit":1,"count_returned":1},"search":[{"id":"b","actor_id":"X"}]}""",
            body.ToJsonString());
    }

    [Fact(DisplayName = "In camel case the metadata names and the items' top-level names are camel; nested names are not")]
    public void Camel_body()
    {
        var doc = Doc("""
            {"actor_id": "X", "message_received_time": "None", "final_state": {"exit_code": 0, "StartedAt": "None"},
             "_links": {"self": "s"}}
            """);

        var body = CamelQuery(("actorId", "X")).Apply([doc]).ToResponseBody();

        Assert.Equal(
            """{"_metadata":{"totalCount":1,"recordsSkipped":0,"recordLimit":100,"countReturned":1},"search":[{"actorId":"X","messageReceivedTime":"None","finalState":{"exit_code":0,"StartedAt":"None"},"_links":{"self":"s"}}]}""",
            body.ToJsonString());
    }

    [Fact(DisplayName = "The response body copies the documents, so documents owned by a parent can be rendered")]
    public void Body_copies()
    {
        var parent = new JsonArray(Doc("""{"id": "a", "nested": {"v": 1}}"""));
        var doc = (JsonObject)parent[0]!;

        var body = Query(("id", "a")).Apply([doc]).ToResponseBody();
        body["search"]![0]!["nested"]!["v"] = 2;

        Assert.Equal(1, (int)doc["nested"]!["v"]!);
        Assert.Same(parent, doc.Parent);
    }

    [Fact(DisplayName = "Metadata alone can be rendered for either case")]
    public void Metadata()
    {
        var result = new SearchResult([], totalCount: 7, recordsSkipped: 5, recordLimit: 10, camelCase: false);

        Assert.Equal("""{"total_count":7,"records_skipped":5,"record_limit":10,"count_returned":0}""", result.Metadata().ToJsonString());
    }
}
