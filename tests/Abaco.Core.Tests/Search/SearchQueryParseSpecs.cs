using Abaco.Core.Search;
using static Abaco.Core.Tests.Search.SearchDocs;

namespace Abaco.Core.Tests.Search;

public sealed class SearchQueryParseSpecs
{
    [Fact(DisplayName = "Without parameters a query skips nothing, returns at most 100 and filters nothing")]
    public void Defaults()
    {
        var query = Query();

        Assert.Equal(0, query.Skip);
        Assert.Equal(100, query.Limit);
        Assert.Equal(SearchQuery.DefaultLimit, query.Limit);
        Assert.Empty(query.Terms);
        Assert.Empty(query.Phrases);
        Assert.Empty(query.Filters);
    }

    [Fact(DisplayName = "skip and limit are read as integers, and x-nonce is ignored")]
    public void Paging_and_nonce()
    {
        var query = Query(("skip", "1"), ("limit", " 23 "), ("x-nonce", "DEV_abc"));

        Assert.Equal(1, query.Skip);
        Assert.Equal(23, query.Limit);
        Assert.Empty(query.Filters);
    }

    [Theory(DisplayName = "A skip or limit that is not a non-negative integer is a 400 naming the parameter")]
    [InlineData("limit", "abc")]
    [InlineData("limit", "-1")]
    [InlineData("limit", "1.5")]
    [InlineData("limit", "")]
    [InlineData("skip", "-3")]
    [InlineData("skip", "99999999999")]
    public void Bad_paging(string key, string value)
    {
        var e = Assert.Throws<SearchQueryException>(() => Query((key, value)));

        Assert.Equal(key, e.Parameter);
        Assert.Contains($"{key} must be a non-negative integer", e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Fact(DisplayName = "search splits into distinct terms; a double-quoted part is a phrase")]
    public void Search_terms()
    {
        var query = Query(("search", "  sleep_loop  jdoe \"abaco test\" JDOE "));

        Assert.Equal(["sleep_loop", "jdoe"], query.Terms);
        Assert.Equal(["abaco test"], query.Phrases);
    }

    [Fact(DisplayName = "exactsearch is one phrase, spaces included")]
    public void Exact_search() => Assert.Equal(["jstubbs/abaco test"], Query(("exactsearch", " jstubbs/abaco test ")).Phrases);

    [Fact(DisplayName = "Only the first value of a repeated parameter is used, as Flask's dict(request.args)")]
    public void Repeated_keys_first_wins()
    {
        var query = Query(("limit", "5"), ("limit", "7"), ("status", "READY"), ("status", "ERROR"));

        Assert.Equal(5, query.Limit);
        Assert.Equal("READY", Assert.Single(query.Filters).RawValue);
    }

    [Theory(DisplayName = "A key's last segment is its operator when it is a known one, else part of the field path")]
    [InlineData("status", "status", SearchOperator.Eq)]
    [InlineData("status.eq", "status", SearchOperator.Eq)]
    [InlineData("status.neq", "status", SearchOperator.Neq)]
    [InlineData("runtime.lt", "runtime", SearchOperator.Lt)]
    [InlineData("runtime.lte", "runtime", SearchOperator.Lte)]
    [InlineData("runtime.gt", "runtime", SearchOperator.Gt)]
    [InlineData("runtime.gte", "runtime", SearchOperator.Gte)]
    [InlineData("status.in", "status", SearchOperator.In)]
    [InlineData("status.nin", "status", SearchOperator.Nin)]
    [InlineData("runtime.between", "runtime", SearchOperator.Between)]
    [InlineData("image.like", "image", SearchOperator.Like)]
    [InlineData("image.nlike", "image", SearchOperator.Nlike)]
    [InlineData("final_state.StartedAt.gt", "final_state.StartedAt", SearchOperator.Gt)]
    [InlineData("final_state.ExitCode", "final_state.ExitCode", SearchOperator.Eq)]
    [InlineData("_links.owner", "_links.owner", SearchOperator.Eq)]
    [InlineData("default_environment.in.eq", "default_environment.in", SearchOperator.Eq)]
    public void Operators(string key, string field, SearchOperator op)
    {
        var value = op == SearchOperator.Between ? "2020,2021" : "2021";
        var filter = Assert.Single(Query((key, value)).Filters);

        Assert.Equal(field, filter.Field);
        Assert.Equal(field.Split('.'), filter.Path);
        Assert.Equal(op, filter.Operator);
        Assert.Equal(key, filter.Parameter);
    }

    [Theory(DisplayName = "An operator from another dialect, or a known one in the wrong case, is a 400")]
    [InlineData("status.ne")]
    [InlineData("status.not")]
    [InlineData("runtime.ge")]
    [InlineData("image.regex")]
    [InlineData("image.ilike")]
    [InlineData("status.exists")]
    [InlineData("status.notin")]
    [InlineData("status.EQ")]
    [InlineData("runtime.Gt")]
    public void Unknown_operator(string key)
    {
        var e = Assert.Throws<SearchQueryException>(() => Query((key, "x")));

        Assert.Equal(key, e.Parameter);
        Assert.Contains($"unknown operator '{key[(key.LastIndexOf('.') + 1)..]}'", e.Message);
        Assert.Contains("eq, gt, gte, in, like, lt, lte, neq, nin, nlike", e.Message);
    }

    [Theory(DisplayName = "A key without a field, with an empty segment or ending in a dot is a 400")]
    [InlineData(".eq")]
    [InlineData("final_state..ExitCode")]
    [InlineData("status.")]
    [InlineData(".")]
    public void Empty_field(string key) =>
        Assert.Equal(key, Assert.Throws<SearchQueryException>(() => Query((key, "x"))).Parameter);

    [Theory(DisplayName = "between needs exactly two comma separated values")]
    [InlineData("runtime.between", "20")]
    [InlineData("runtime.between", "1,2,3")]
    [InlineData("runtime.between", "20,")]
    [InlineData("start_time.between", "2021")]
    public void Between_arity(string key, string value)
    {
        var e = Assert.Throws<SearchQueryException>(() => Query((key, value)));

        Assert.Equal(key, e.Parameter);
        Assert.Contains("between needs exactly two comma separated values", e.Message);
    }

    [Fact(DisplayName = "between values must be numbers unless the field is a time")]
    public void Between_numbers()
    {
        var e = Assert.Throws<SearchQueryException>(() => Query(("status.between", "a,b")));

        Assert.Contains("between values must be numbers", e.Message);
        Assert.Equal(SearchOperator.Between, Assert.Single(Query(("runtime.between", "1.5, 2e3")).Filters).Operator);
    }

    [Theory(DisplayName = "A time field's value must be an ISO 8601 time")]
    [InlineData("start_time.gt", "yesterday")]
    [InlineData("final_state.StartedAt", "2021-13")]
    [InlineData("create_time.between", "2021,soon")]
    [InlineData("last_update_time.in", "2021,soon")]
    [InlineData("last_update_time.in", "['2021','soon']")]
    public void Bad_time(string key, string value)
    {
        var e = Assert.Throws<SearchQueryException>(() => Query((key, value)));

        Assert.Equal(key, e.Parameter);
        Assert.Contains("is not an ISO 8601 date or time", e.Message);
    }

    [Fact(DisplayName = "true, false and none stay keywords on a time field, as in the original")]
    public void Time_keywords() => Assert.True(Assert.Single(Query(("start_time", "None")).Filters).IsTimeFilter);

    [Fact(DisplayName = "An invalid regular expression for like is a 400")]
    public void Bad_regex()
    {
        var e = Assert.Throws<SearchQueryException>(() => Query(("image.like", "(unclosed")));

        Assert.Equal("image.like", e.Parameter);
        Assert.Contains("is not a valid regular expression", e.Message);
    }

    [Theory(DisplayName = "In camel case only the first segment of a key is converted to snake case")]
    [InlineData("actorId", "actor_id")]
    [InlineData("finalState.StartedAt.gt", "final_state.StartedAt")]
    [InlineData("lastHealthCheckTime.lt", "last_health_check_time")]
    [InlineData("messageReceivedTime", "message_received_time")]
    [InlineData("defaultEnvironment.myKey", "default_environment.myKey")]
    [InlineData("_links.owner", "_links.owner")]
    [InlineData("status", "status")]
    [InlineData("Status", "status")] // camel_to_under lower-cases the whole segment
    public void Camel_keys(string key, string field)
    {
        var filter = Assert.Single(CamelQuery((key, "2021")).Filters);

        Assert.Equal(field, filter.Field);
        Assert.Equal(key, filter.Parameter);
    }

    [Fact(DisplayName = "A camel time key becomes a time filter; in snake mode it stays a plain field")]
    public void Camel_time_key()
    {
        Assert.True(Assert.Single(CamelQuery(("startTime.gt", "2021")).Filters).IsTimeFilter);
        var snake = Assert.Single(Query(("startTime.gt", "2021")).Filters);
        Assert.False(snake.IsTimeFilter);
        Assert.Equal("startTime", snake.Field);
    }

    [Fact(DisplayName = "Camel mode still recognises search, paging and x-nonce, and errors name the client's key")]
    public void Camel_reserved_keys()
    {
        var query = CamelQuery(("search", "a"), ("exactsearch", "b c"), ("skip", "2"), ("limit", "3"), ("x-nonce", "n"));

        Assert.Equal(["a"], query.Terms);
        Assert.Equal(["b c"], query.Phrases);
        Assert.Equal((2, 3), (query.Skip, query.Limit));
        Assert.Empty(query.Filters);
        Assert.True(query.CamelCase);
        Assert.Equal("actorId.ne", Assert.Throws<SearchQueryException>(() => CamelQuery(("actorId.ne", "x"))).Parameter);
    }
}
