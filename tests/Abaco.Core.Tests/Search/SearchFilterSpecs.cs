using Abaco.Core.Search;
using static Abaco.Core.Tests.Search.SearchDocs;

namespace Abaco.Core.Tests.Search;

public sealed class SearchFilterSpecs
{
    private static readonly System.Text.Json.Nodes.JsonObject Ex = Execution();
    private static readonly System.Text.Json.Nodes.JsonObject Act = Actor("A1", "sleeper", "abacosamples/sleep_loop");

    [Theory(DisplayName = "Equality on strings is exact and case-sensitive; neq is its negation")]
    [InlineData("status", "COMPLETE", true)]
    [InlineData("status.eq", "COMPLETE", true)]
    [InlineData("status", "complete", false)]
    [InlineData("status", "COMPLET", false)]
    [InlineData("status.neq", "COMPLETE", false)]
    [InlineData("status.neq", "READY", true)]
    [InlineData("executor", "jdoe", true)]
    public void String_equality(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Theory(DisplayName = "Numbers compare numerically with every comparison operator")]
    [InlineData("runtime", "12", true)]
    [InlineData("runtime", "12.0", true)]
    [InlineData("runtime", "1.2e1", true)]
    [InlineData("runtime", "13", false)]
    [InlineData("runtime.lt", "13", true)]
    [InlineData("runtime.lt", "12", false)]
    [InlineData("runtime.lte", "12", true)]
    [InlineData("runtime.lte", "11.9", false)]
    [InlineData("runtime.gt", "11.5", true)]
    [InlineData("runtime.gt", "12", false)]
    [InlineData("runtime.gte", "12", true)]
    [InlineData("runtime.gte", "12.01", false)]
    [InlineData("runtime.gt", "9", true)] // numerically, although "9" > "12" as text
    [InlineData("runtime.neq", "12", false)]
    [InlineData("cpu.gt", "999", true)]
    public void Number_comparisons(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Theory(DisplayName = "Strings compare ordinally with lt/gt")]
    [InlineData("status.gt", "B", true)]
    [InlineData("status.gt", "COMPLETE", false)]
    [InlineData("status.gte", "COMPLETE", true)]
    [InlineData("status.lt", "D", true)]
    [InlineData("status.lt", "a", true)] // upper case sorts before lower case
    [InlineData("status.gt", "a", false)]
    public void String_ordering(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Theory(DisplayName = "Values of different types never compare")]
    [InlineData("runtime.gt", "abc")]
    [InlineData("runtime.lt", "abc")]
    [InlineData("status.gt", "1")]
    [InlineData("status.lt", "1")]
    [InlineData("final_state.OOMKilled.lt", "1")]
    public void Type_mismatch(string key, string value) => Assert.False(Selects(key, value, Ex));

    [Theory(DisplayName = "true and false are booleans; they also match a display string reading the same")]
    [InlineData("privileged", "false", true)]
    [InlineData("privileged", "False", true)]
    [InlineData("privileged", "true", false)]
    [InlineData("privileged.neq", "true", true)]
    [InlineData("token", "false", true)] // the actor display shows token as the string "false"
    [InlineData("token", "true", false)]
    [InlineData("final_state.OOMKilled", "FALSE", true)]
    [InlineData("privileged.gt", "false", false)]
    [InlineData("privileged.gte", "false", true)]
    public void Booleans(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, key.StartsWith("final") ? Ex : Act));

    [Theory(DisplayName = "none is null: it matches null, a missing field and a time displayed as None")]
    [InlineData("gid", "none", true)]
    [InlineData("gid", "None", true)]
    [InlineData("no_such_field", "none", true)]
    [InlineData("last_update_time", "none", true)]
    [InlineData("name", "none", false)]
    [InlineData("gid.neq", "none", false)]
    [InlineData("name.neq", "none", true)]
    [InlineData("gid.lte", "none", true)]
    [InlineData("gid.gte", "none", true)]
    [InlineData("gid.lt", "none", false)]
    [InlineData("gid.gt", "none", false)]
    public void Null(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Act));

    [Fact(DisplayName = "A number matches a display string holding the same number")]
    public void Number_in_a_string()
    {
        var doc = Doc("""{"uid": "1000", "name": "007"}""");

        Assert.True(Selects("uid", "1000", doc));
        Assert.True(Selects("uid", "1e3", doc));
        Assert.False(Selects("uid", "1001", doc));
        Assert.True(Selects("name", "7", doc));
        Assert.False(Selects("uid.gt", "999", doc)); // ordering stays typed
    }

    [Theory(DisplayName = "A missing field never matches eq, ordering, in, between or like, and always matches neq, nin and nlike")]
    [InlineData("no_field", "x", false)]
    [InlineData("no_field.eq", "1", false)]
    [InlineData("no_field.lt", "1", false)]
    [InlineData("no_field.lte", "1", false)]
    [InlineData("no_field.gt", "1", false)]
    [InlineData("no_field.gte", "1", false)]
    [InlineData("no_field.in", "a,b", false)]
    [InlineData("no_field.between", "1,2", false)]
    [InlineData("no_field.like", ".*", false)]
    [InlineData("no_field.neq", "x", true)]
    [InlineData("no_field.nin", "a,b", true)]
    [InlineData("no_field.nlike", ".*", true)]
    [InlineData("final_state.NoField.neq", "x", true)]
    [InlineData("status.deeper", "x", false)]
    public void Missing_field(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Theory(DisplayName = "in and nin take a JSON list (single quotes tolerated) or a comma separated list")]
    [InlineData("status.in", "[\"COMPLETE\", \"READY\"]", true)]
    [InlineData("status.in", "['COMPLETE','READY']", true)]
    [InlineData("status.in", "COMPLETE,READY", true)]
    [InlineData("status.in", "READY, COMPLETE", true)]
    [InlineData("status.in", "[READY, COMPLETE]", true)]
    [InlineData("status.in", "COMPLETE", true)]
    [InlineData("status.in", "READY,ERROR", false)]
    [InlineData("status.in", "[\"READY\"]", false)]
    [InlineData("status.in", "[]", false)]
    [InlineData("status.nin", "[\"COMPLETE\", \"READY\"]", false)]
    [InlineData("status.nin", "READY,ERROR", true)]
    [InlineData("runtime.in", "[11, 12]", true)]
    [InlineData("runtime.in", "11,12.0", true)]
    [InlineData("runtime.in", "['11','12']", false)] // JSON strings stay strings
    [InlineData("runtime.nin", "1,2", true)]
    public void In_and_nin(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Theory(DisplayName = "between is inclusive at both ends")]
    [InlineData("runtime.between", "10,20", true)]
    [InlineData("runtime.between", "12,20", true)]
    [InlineData("runtime.between", "1,12", true)]
    [InlineData("runtime.between", "12.5,20", false)]
    [InlineData("runtime.between", "1,11.99", false)]
    [InlineData("runtime.between", "20,10", false)]
    [InlineData("io.between", "20,40", true)]
    [InlineData("status.between", "1,2", false)]
    public void Between(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Theory(DisplayName = "like is an unanchored, case-sensitive regular expression on strings; nlike its negation")]
    [InlineData("image.like", "sleep_loop", true)]
    [InlineData("image.like", "^abacosamples/", true)]
    [InlineData("image.like", "^sleep", false)]
    [InlineData("image.like", "SLEEP", false)]
    [InlineData("image.like", "(?i)SLEEP", true)]
    [InlineData("image.like", "sleep.loop$", true)]
    [InlineData("image.nlike", "sleep_loop", false)]
    [InlineData("image.nlike", "^test", true)]
    [InlineData("hints.like", "^ba", true)] // any element of an array
    [InlineData("privileged.like", "false", false)] // not a string
    [InlineData("privileged.nlike", "false", true)]
    [InlineData("image.like", "(sleep)_\\1", false)] // backreferences work (backtracking engine with a timeout)
    [InlineData("image.like", "(p)_loo\\1", true)]
    public void Like(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Act));

    [Fact(DisplayName = "like uses the text as sent, not the coerced value")]
    public void Like_uses_raw_text()
    {
        var doc = Doc("""{"version": "1.0.3", "flag": "true"}""");

        Assert.True(Selects("version.like", "1.0", doc));
        Assert.True(Selects("flag.like", "true", doc));
    }

    [Theory(DisplayName = "Times compare as instants, whatever prefix or offset the query uses")]
    [InlineData("start_time.gt", "2021", true)]
    [InlineData("start_time.gt", "2021-05-17", true)]
    [InlineData("start_time.gt", "2021-05-17T15:53:57.087Z", true)]
    [InlineData("start_time.gt", "2021-05-17T15:53:57.088Z", false)]
    [InlineData("start_time.gte", "2021-05-17T15:53:57.088Z", true)]
    [InlineData("start_time", "2021-05-17T15:53:57.088Z", true)]
    [InlineData("start_time", "2021-05-17T17:53:57.088+02:00", true)]
    [InlineData("start_time", "2021-05-17", false)]
    [InlineData("start_time.lt", "2021-05-17T15:54", true)]
    [InlineData("start_time.lt", "2021-05-17T17:53+02:00", false)]
    [InlineData("start_time.lt", "2021-05-17T17:54+02:00", true)]
    [InlineData("start_time.lt", "2022", true)]
    [InlineData("start_time.lt", "2000-01-01T01:00", false)]
    [InlineData("start_time.neq", "2021", true)]
    [InlineData("final_state.StartedAt.gt", "2000-05:00", true)]
    [InlineData("final_state.FinishedAt.lt", "2021-05-17T15:54:10", true)]
    [InlineData("message_received_time.between", "2000-01-01T01:00,2200-12-30T23:59:59.999Z", true)]
    [InlineData("message_received_time.between", "2021-05-17T15:53:50Z,2021-05-17T15:53:50Z", true)]
    [InlineData("message_received_time.between", "2021-05-18,2022", false)]
    [InlineData("start_time.in", "2020,2021-05-17T15:53:57.088Z", true)]
    [InlineData("start_time.in", "['2020','2021-05-17T15:53:57.088']", true)]
    [InlineData("start_time.nin", "2020,2021-05-17T15:53:57.088Z", false)]
    public void Times(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Ex));

    [Fact(DisplayName = "A time displayed as None or not parseable never compares as a time")]
    public void Unparseable_time()
    {
        Assert.False(Selects("last_update_time.gt", "2000", Act));
        Assert.False(Selects("last_update_time.lt", "2100", Act));
        Assert.True(Selects("last_update_time.neq", "2000", Act));
        Assert.True(Selects("create_time.between", "2000-01-01,2200-01-01", Act));
    }

    [Fact(DisplayName = "finish_time compares as a time, unlike the original where its filters never matched")]
    public void Finish_time_is_a_time_key()
    {
        Assert.True(Selects("finish_time", "2021-05-17T15:54:09.500Z", Ex));
        Assert.True(Selects("finish_time", "2021-05-17T15:54:09.5Z", Ex));
        Assert.True(Selects("finish_time.gt", "2021", Ex));
        Assert.False(Selects("finish_time.gt", "2022", Ex));
    }

    [Fact(DisplayName = "A field that is not a time key compares a date-looking value as text")]
    public void Other_fields_compare_as_text()
    {
        Assert.False(Selects("status.gt", "2021", Ex)); // a number never compares with a string
    }

    [Theory(DisplayName = "Dotted paths reach nested fields, array elements by index and fields of objects in arrays")]
    [InlineData("final_state.ExitCode", "0", true)]
    [InlineData("final_state.ExitCode", "1", false)]
    [InlineData("final_state.Error", "\"\"", true)]
    [InlineData("mounts.container_path", "/data", true)]
    [InlineData("mounts.mode.neq", "ro", false)]
    [InlineData("mounts.0.host_path", "/corral", true)]
    [InlineData("mounts.1.host_path", "/corral", false)]
    [InlineData("hints.0", "foo", true)]
    [InlineData("hints.1", "foo", false)]
    [InlineData("hints.5", "foo", false)]
    [InlineData("default_environment.b.gt", "1", true)]
    [InlineData("default_environment.a", "1", true)] // "1" displayed as a string
    [InlineData("_links.owner", "https://api.example.org/profiles/v2/jdoe", true)]
    public void Nested_paths(string key, string value, bool expected) =>
        Assert.Equal(expected, Selects(key, value, key.StartsWith("final") ? Ex : Act));

    [Theory(DisplayName = "A condition on an array holds for the whole array or any element; JSON values compare structurally")]
    [InlineData("hints", "foo", true)]
    [InlineData("hints", "baz", false)]
    [InlineData("hints.neq", "foo", false)]
    [InlineData("hints.in", "baz,bar", true)]
    [InlineData("hints.nin", "baz,bar", false)]
    [InlineData("hints", "['foo','bar']", true)]
    [InlineData("hints", "[\"foo\", \"bar\"]", true)]
    [InlineData("hints", "['bar','foo']", false)] // arrays are ordered
    [InlineData("hints", "['foo']", false)]
    [InlineData("hints.neq", "['foo','bar']", false)]
    [InlineData("hints.in", "[['foo','bar'], 'x']", true)]
    [InlineData("default_environment", "{'b': 2, 'a': '1'}", true)] // objects by member set
    [InlineData("default_environment", "{'a': '1', 'b': 2.0}", true)]
    [InlineData("default_environment", "{'a': 1, 'b': 2}", false)]
    [InlineData("default_environment", "{'a': '1'}", false)]
    [InlineData("mounts", "[{'host_path': '/corral', 'container_path': '/data', 'mode': 'ro'}]", true)]
    [InlineData("mounts", "{'host_path': '/corral', 'container_path': '/data', 'mode': 'ro'}", true)]
    public void Arrays_and_json(string key, string value, bool expected) => Assert.Equal(expected, Selects(key, value, Act));

    [Fact(DisplayName = "A quoted JSON string is a string, and text that is not JSON stays as sent")]
    public void Json_strings()
    {
        var doc = Doc("""{"name": "O'Brien", "note": "{not json", "code": "12"}""");

        Assert.True(Selects("name", "O'Brien", doc));
        Assert.True(Selects("note", "{not json", doc));
        Assert.True(Selects("code", "'12'", doc));
        Assert.True(Selects("code", "\"12\"", doc));
        Assert.True(Selects("code", "12", doc));
    }

    [Fact(DisplayName = "A like pattern that backtracks too long is a 400, not a hung request")]
    public void Regex_timeout()
    {
        var doc = Doc($$"""{"name": "{{new string('a', 5000)}}!"}""");
        var filter = SearchFilter.Parse("name.like", "name.like", "^(a+)+\\1$");

        var e = Assert.Throws<SearchQueryException>(() => filter.Matches(doc));

        Assert.Equal("name.like", e.Parameter);
        Assert.Contains("takes too long", e.Message);
    }
}
