using System.Net;
using System.Text.Json;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A node with a known history in its own tenant, searched by every spec of <see cref="ApiSearchSpecs"/> and never
/// changed by them: a busybox actor that ran three messages (one of them printing <see cref="Word"/>) and a test-exit
/// actor that ran one (exit code 3).
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    public const string Tenant = "SEARCHERS";
    public const string Word = "zanzibar";

    public NodeFixture Node { get; } = new();
    public string Finder { get; private set; } = "";
    public string Failing { get; private set; } = "";
    public IReadOnlyList<string> FinderExecutions { get; private set; } = [];
    public string FailingExecution { get; private set; } = "";

    public AbacoClient Client(string tenant = Tenant) => Node.Client(tenant);

    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        using var client = Client();
        Finder = await client.CreateActorAsync(new { image = "abaco/test-busybox", name = "finder" });
        Failing = await client.CreateActorAsync(new { image = "abaco/test-exit", name = "failing" });
        var finderExecutions = new List<string>();
        foreach (var message in new[] { $"{Word} one", "plain two", "plain three" })
            finderExecutions.Add(await client.SendAsync(Finder, message));
        FinderExecutions = finderExecutions;
        FailingExecution = await client.SendAsync(Failing, "fail");
        foreach (var executionId in FinderExecutions) await client.WaitCompleteAsync(Finder, executionId);
        await client.WaitCompleteAsync(Failing, FailingExecution);
    }

    public Task DisposeAsync() => Node.DisposeAsync();
}

/// <summary>original-abaco.md §1.1 (list endpoints switch to search mode), §1.10 #41 and §5.3: the search API.</summary>
public sealed class ApiSearchSpecs(SearchFixture fixture) : IClassFixture<SearchFixture>
{
    private readonly AbacoClient _client = fixture.Client();

    private static void AssertMetadata(JsonElement result, int total, int skipped, int limit, int returned)
    {
        var metadata = result.GetProperty("_metadata");
        Assert.Equal(total, metadata.GetProperty("total_count").GetInt32());
        Assert.Equal(skipped, metadata.GetProperty("records_skipped").GetInt32());
        Assert.Equal(limit, metadata.GetProperty("record_limit").GetInt32());
        Assert.Equal(returned, metadata.GetProperty("count_returned").GetInt32());
        Assert.Equal(returned, result.GetProperty("search").GetArrayLength());
    }

    private static IEnumerable<string> Ids(JsonElement result) =>
        result.GetProperty("search").EnumerateArray().Select(e => e.GetProperty("id").GetString()!);

    [Fact(DisplayName = "Searching executions by status and actor finds that actor's executions, with paging metadata")]
    public async Task Executions_by_status_and_actor()
    {
        var answer = await _client.GetAsync($"/actors/search/executions?status=COMPLETE&actor_id={fixture.Finder}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Executions search completed successfully.", answer.Message);
        AssertMetadata(answer.Result, total: 3, skipped: 0, limit: 100, returned: 3);
        Assert.Equal(fixture.FinderExecutions.Order(), Ids(answer.Result).Order());
        foreach (var execution in answer.Result.GetProperty("search").EnumerateArray())
        {
            Assert.Equal(fixture.Finder, execution.GetProperty("actor_id").GetString());
            Assert.Equal("COMPLETE", execution.GetProperty("status").GetString());
            Assert.EndsWith($"/executions/{execution.GetProperty("id").GetString()}/logs",
                execution.GetProperty("_links").GetProperty("logs").GetString());
        }

        var all = await _client.GetAsync("/actors/search/executions?status=COMPLETE");
        AssertMetadata(all.Result, total: 4, skipped: 0, limit: 100, returned: 4);
    }

    [Fact(DisplayName = "Search results leave out the store's internals (tenant, api_server, db_id), as the original's post-processing does")]
    public async Task Results_hide_internals()
    {
        // models.Search.post_processing pops these per type (original-abaco.md §5.3).
        var hidden = new Dictionary<string, string[]>
        {
            ["actors"] = ["tenant", "api_server", "db_id", "executions"],
            ["executions"] = ["tenant", "api_server"],
            ["workers"] = ["tenant"],
            ["logs"] = ["tenant", "actor_id", "exp"],
        };
        var shown = new List<string>();
        foreach (var (type, names) in hidden)
        {
            var answer = await _client.GetAsync($"/actors/search/{type}?limit=1");
            var item = Assert.Single(answer.Result.GetProperty("search").EnumerateArray());
            shown.AddRange(names.Where(n => item.TryGetProperty(n, out _)).Select(n => $"{type}.{n}"));
        }
        Assert.Empty(shown);
    }

    [Fact(DisplayName = "Operators compare: exit_code.gt=0 finds only the failing execution, exit_code.lte=0 the others")]
    public async Task Operators()
    {
        var failed = await _client.GetAsync("/actors/search/executions?exit_code.gt=0");
        AssertMetadata(failed.Result, total: 1, skipped: 0, limit: 100, returned: 1);
        var only = failed.Result.GetProperty("search")[0];
        Assert.Equal(fixture.FailingExecution, only.GetProperty("id").GetString());
        Assert.Equal(3, only.GetProperty("exit_code").GetInt32());

        var succeeded = await _client.GetAsync("/actors/search/executions?exit_code.lte=0");
        Assert.Equal(fixture.FinderExecutions.Order(), Ids(succeeded.Result).Order());

        var notFinder = await _client.GetAsync($"/actors/search/executions?actor_id.neq={fixture.Finder}");
        Assert.Equal([fixture.FailingExecution], Ids(notFinder.Result));

        // Lists take JSON, single quotes tolerated; time fields take partial ISO-8601 dates.
        var inList = await _client.GetAsync("/actors/search/executions?status.in=['ERROR','COMPLETE']");
        Assert.Equal(4, inList.Result.GetProperty("_metadata").GetProperty("total_count").GetInt32());
        var since = await _client.GetAsync("/actors/search/executions?start_time.gte=2020");
        Assert.Equal(4, since.Result.GetProperty("_metadata").GetProperty("total_count").GetInt32());
        var like = await _client.GetAsync("/actors/search/actors?image.like=test-ex");
        Assert.Equal([fixture.Failing], Ids(like.Result));
    }

    [Fact(DisplayName = "Actor search results carry token as the string \"true\"/\"false\" (the original's stored document); GET of one actor keeps the boolean")]
    public async Task Token_is_a_string_in_search_results()
    {
        var one = await _client.GetAsync($"/actors/{fixture.Finder}");
        var token = one.Result.GetProperty("token");
        Assert.True(token.ValueKind is JsonValueKind.True or JsonValueKind.False, $"GET shows token as {token.ValueKind}");
        var asText = token.GetBoolean() ? "true" : "false";

        foreach (var path in new[] { $"/actors/search/actors?id={fixture.Finder}", $"/actors?id={fixture.Finder}" })
        {
            var found = Assert.Single((await _client.GetAsync(path)).Result.GetProperty("search").EnumerateArray());
            Assert.Equal(JsonValueKind.String, found.GetProperty("token").ValueKind);
            Assert.Equal(asText, found.GetProperty("token").GetString());
        }
        // A filter on token still reads true/false as booleans and matches the stored string.
        var byToken = await _client.GetAsync($"/actors/search/actors?token={asText}&id={fixture.Finder}");
        Assert.Equal(1, byToken.Result.GetProperty("_metadata").GetProperty("total_count").GetInt32());
    }

    [Fact(DisplayName = "skip and limit page the results, and the metadata says what was skipped and returned")]
    public async Task Paging()
    {
        var page = await _client.GetAsync($"/actors/search/executions?actor_id={fixture.Finder}&skip=1&limit=1");
        AssertMetadata(page.Result, total: 3, skipped: 1, limit: 1, returned: 1);

        var pastTheEnd = await _client.GetAsync($"/actors/search/executions?actor_id={fixture.Finder}&skip=5");
        AssertMetadata(pastTheEnd.Result, total: 3, skipped: 5, limit: 100, returned: 0);
    }

    [Fact(DisplayName = "List endpoints given a query parameter answer as searches ({_metadata, search}), scoped to their actor")]
    public async Task List_endpoints_become_searches()
    {
        var actors = await _client.GetAsync("/actors?image=abaco/test-exit");
        Assert.Equal("Actors search completed successfully.", actors.Message);
        AssertMetadata(actors.Result, total: 1, skipped: 0, limit: 100, returned: 1);
        Assert.Equal([fixture.Failing], Ids(actors.Result));

        var executions = await _client.GetAsync($"/actors/{fixture.Finder}/executions?status=COMPLETE");
        AssertMetadata(executions.Result, total: 3, skipped: 0, limit: 100, returned: 3);
        Assert.Equal(fixture.FinderExecutions.Order(), Ids(executions.Result).Order());

        var workers = await _client.GetAsync($"/actors/{fixture.Failing}/workers?status=READY");
        Assert.All(workers.Result.GetProperty("search").EnumerateArray(),
            w => Assert.Equal(fixture.Failing, w.GetProperty("actor_id").GetString()));

        var plain = await _client.GetAsync("/actors");
        Assert.Equal(JsonValueKind.Array, plain.Result.ValueKind);
        Assert.Equal(2, plain.Result.GetArrayLength());
    }

    [Fact(DisplayName = "A log search finds the execution whose output holds the word, and other tenants find nothing")]
    public async Task Log_search()
    {
        var answer = await _client.GetAsync($"/actors/search/logs?search={SearchFixture.Word}");

        Assert.Equal("Logs search completed successfully.", answer.Message);
        AssertMetadata(answer.Result, total: 1, skipped: 0, limit: 100, returned: 1);
        var log = answer.Result.GetProperty("search")[0];
        Assert.StartsWith($"Contents of MSG: {SearchFixture.Word} one", log.GetProperty("logs").GetString());
        Assert.EndsWith($"/actors/v2/{fixture.Finder}/executions/{fixture.FinderExecutions[0]}",
            log.GetProperty("_links").GetProperty("execution").GetString());

        // From an execution's logs route the search covers that execution only.
        var scoped = await _client.GetAsync(
            $"/actors/{fixture.Finder}/executions/{fixture.FinderExecutions[0]}/logs?search={SearchFixture.Word}");
        AssertMetadata(scoped.Result, total: 1, skipped: 0, limit: 100, returned: 1);
        var elsewhere = await _client.GetAsync(
            $"/actors/{fixture.Finder}/executions/{fixture.FinderExecutions[1]}/logs?search={SearchFixture.Word}");
        AssertMetadata(elsewhere.Result, total: 0, skipped: 0, limit: 100, returned: 0);

        using var stranger = fixture.Client("SOMEONE-ELSE");
        var nothing = await stranger.GetAsync($"/actors/search/logs?search={SearchFixture.Word}");
        AssertMetadata(nothing.Result, total: 0, skipped: 0, limit: 100, returned: 0);
        var noExecutions = await stranger.GetAsync($"/actors/search/executions?actor_id={fixture.Finder}");
        AssertMetadata(noExecutions.Result, total: 0, skipped: 0, limit: 100, returned: 0);
    }

    [Fact(DisplayName = "An unknown search type, or a skip or limit that is not a non-negative integer, is a 400 naming it")]
    public async Task Bad_searches()
    {
        var type = await _client.GetAsync("/actors/search/bogus");
        Assert.Equal(HttpStatusCode.BadRequest, type.Status);
        Assert.Equal("Invalid search type 'bogus'; search one of: actors, workers, executions, logs.", type.Message);

        var limit = await _client.GetAsync("/actors/search/executions?limit=-1");
        Assert.Equal(HttpStatusCode.BadRequest, limit.Status);
        Assert.Equal("Invalid search parameter 'limit': limit must be a non-negative integer; received '-1'.", limit.Message);

        var skip = await _client.GetAsync("/actors/search/actors?skip=abc");
        Assert.Equal(HttpStatusCode.BadRequest, skip.Status);
        Assert.Equal("Invalid search parameter 'skip': skip must be a non-negative integer; received 'abc'.", skip.Message);
    }
}
