using System.Text.Json;
using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Core.Settings;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests;

/// <summary>Reading fields the way the original's request parser does (original-abaco.md §1.1 "Request parsing").</summary>
public sealed class RequestFieldsSpecs
{
    private static async Task<string> RefusedAsync(Func<Task> act)
    {
        var error = await Assert.ThrowsAsync<ApiError>(act);
        Assert.Equal(400, error.StatusCode);
        return error.Message;
    }

    private static string Refused(Action act)
    {
        var error = Assert.Throws<ApiError>(act);
        Assert.Equal(400, error.StatusCode);
        return error.Message;
    }

    [Fact(DisplayName = "Fields come from a JSON body, with their JSON types")]
    public async Task JsonBody()
    {
        var fields = await FieldsAsync(Json("""{"image": "abaco/test", "max_workers": 3, "stateless": false, "n": null}"""));

        Assert.Equal("abaco/test", fields.String("image"));
        Assert.Equal(3, fields.Int("max_workers"));
        Assert.False(fields.Bool("stateless"));
        Assert.False(fields.Has("n"));
        Assert.Null(fields.String("n"));
        Assert.False(fields.Has("name"));
    }

    [Fact(DisplayName = "Fields come from a form body")]
    public async Task FormBody()
    {
        var fields = await FieldsAsync(Form("image=abaco%2Ftest&max_workers=3&stateless=false&description=two+words"));

        Assert.Equal("abaco/test", fields.String("image"));
        Assert.Equal(3, fields.Int("max_workers"));
        Assert.False(fields.Bool("stateless"));
        Assert.Equal("two words", fields.String("description"));
    }

    [Fact(DisplayName = "Fields come from the query string, also alongside a JSON body (the body wins)")]
    public async Task QueryString()
    {
        var queryOnly = await FieldsAsync(Query("?image=busybox&max_workers=2"));
        Assert.Equal("busybox", queryOnly.String("image"));
        Assert.Equal(2, queryOnly.Int("max_workers"));

        var both = await FieldsAsync(Json("""{"image": "from-body"}""", "?image=from-query&name=from-query"));
        Assert.Equal("from-body", both.String("image"));
        Assert.Equal("from-query", both.String("name"));
    }

    [Fact(DisplayName = "A form body is read together with the query string")]
    public async Task FormAndQuery()
    {
        var fields = await FieldsAsync(Form("image=busybox", "?name=q"));

        Assert.Equal("busybox", fields.String("image"));
        Assert.Equal("q", fields.String("name"));
    }

    [Fact(DisplayName = "An empty body with no content type has no fields")]
    public async Task EmptyBody()
    {
        var fields = await FieldsAsync(WithBody("", null));

        Assert.False(fields.Has("image"));
        Assert.Null(fields.Raw("image"));
    }

    [Fact(DisplayName = "Snake mode reads snake names and ignores camel ones")]
    public async Task SnakeMode()
    {
        var fields = await FieldsAsync(Json("""{"maxWorkers": 3, "default_environment": {"a": "b"}}"""));

        Assert.Equal("max_workers", fields.Name("max_workers"));
        Assert.Null(fields.Int("max_workers"));
        Assert.NotNull(fields.Object("default_environment"));
    }

    [Fact(DisplayName = "Camel mode reads camel names and ignores snake ones, in JSON, form and query")]
    public async Task CamelMode()
    {
        var json = await FieldsAsync(Json("""{"max_workers": 3, "defaultEnvironment": {"a": "b"}}"""), CaseStyle.Camel);
        Assert.Equal("maxWorkers", json.Name("max_workers"));
        Assert.Null(json.Int("max_workers"));
        Assert.Equal("b", json.Object("default_environment")!["a"].GetString());

        var form = await FieldsAsync(Form("max_workers=3&useContainerUid=true"), CaseStyle.Camel);
        Assert.Null(form.Int("max_workers"));
        Assert.True(form.Bool("use_container_uid"));

        var query = await FieldsAsync(Query("?maxWorkers=4&log_ex=5"), CaseStyle.Camel);
        Assert.Equal(4, query.Int("max_workers"));
        Assert.Null(query.Int("log_ex"));
    }

    [Fact(DisplayName = "Field names are case-sensitive in a JSON body (as in the original)")]
    public async Task JsonNamesAreCaseSensitive()
    {
        var fields = await FieldsAsync(Json("""{"Image": "busybox", "MAX_WORKERS": 2}"""));

        Assert.False(fields.Has("image"));
        Assert.False(fields.Has("max_workers"));
    }

    // The original reads form and query fields from werkzeug's case-sensitive MultiDict, so `Image=busybox` is not
    // `image`, exactly as in a JSON body. ASP.NET's FormCollection and QueryCollection match names ignoring case, and
    // RequestFields.Raw uses them as they are: a wrong-case name in a form or query is taken for the field.
    [Theory(DisplayName = "Field names are case-sensitive in a form body and the query string too, as in a JSON body")]
    [InlineData("form", "Image=busybox", CaseStyle.Snake, "image")]
    [InlineData("form", "MAX_WORKERS=2", CaseStyle.Snake, "max_workers")]
    [InlineData("query", "?IMAGE=busybox", CaseStyle.Snake, "image")]
    [InlineData("form", "maxworkers=2", CaseStyle.Camel, "max_workers")]
    public async Task FormAndQueryNamesAreCaseSensitive(string where, string sent, CaseStyle style, string field)
    {
        var fields = await FieldsAsync(where == "form" ? Form(sent) : Query(sent), style);

        Assert.False(fields.Has(field), $"'{sent}' in the {where} was taken for the field {fields.Name(field)}");
    }

    [Theory(DisplayName = "Booleans: JSON true/false, and true/false/1/0 in any case from JSON strings, numbers, forms")]
    [InlineData("""{"stateless": true}""", true)]
    [InlineData("""{"stateless": false}""", false)]
    [InlineData("""{"stateless": "True"}""", true)]
    [InlineData("""{"stateless": "FALSE"}""", false)]
    [InlineData("""{"stateless": " true "}""", true)]
    [InlineData("""{"stateless": "0"}""", false)]
    [InlineData("""{"stateless": "1"}""", true)]
    [InlineData("""{"stateless": 1}""", true)]
    [InlineData("""{"stateless": 0}""", false)]
    public async Task Booleans(string body, bool expected) =>
        Assert.Equal(expected, (await FieldsAsync(Json(body))).Bool("stateless"));

    [Theory(DisplayName = "Booleans from a form")]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("1", true)]
    public async Task FormBooleans(string value, bool expected) =>
        Assert.Equal(expected, (await FieldsAsync(Form($"privileged={value}"))).Bool("privileged"));

    [Theory(DisplayName = "Anything else is not a boolean, and the message names the field")]
    [InlineData("""{"stateless": "yes"}""")]
    [InlineData("""{"stateless": 2}""")]
    [InlineData("""{"stateless": 1.0}""")]
    [InlineData("""{"stateless": ""}""")]
    [InlineData("""{"stateless": [true]}""")]
    [InlineData("""{"stateless": {}}""")]
    public async Task NotBooleans(string body)
    {
        var fields = await FieldsAsync(Json(body));
        Assert.Equal("Invalid actor description: stateless must be a boolean (true or false).", Refused(() => fields.Bool("stateless")));
    }

    [Fact(DisplayName = "The boolean message uses the client's (camel) name")]
    public async Task CamelBooleanMessage()
    {
        var fields = await FieldsAsync(Json("""{"useContainerUid": "maybe"}"""), CaseStyle.Camel);
        Assert.Equal("Invalid actor description: useContainerUid must be a boolean (true or false).",
            Refused(() => fields.Bool("use_container_uid")));
    }

    [Theory(DisplayName = "Integers from JSON numbers and from strings")]
    [InlineData("""{"max_workers": 3}""", 3)]
    [InlineData("""{"max_workers": "3"}""", 3)]
    [InlineData("""{"max_workers": " 12 "}""", 12)]
    [InlineData("""{"max_workers": "-1"}""", -1)]
    [InlineData("""{"max_workers": "+7"}""", 7)]
    public async Task Integers(string body, int expected) =>
        Assert.Equal(expected, (await FieldsAsync(Json(body))).Int("max_workers"));

    [Fact(DisplayName = "Integers from a form, and longs beyond int range")]
    public async Task FormIntegers()
    {
        var fields = await FieldsAsync(Form("max_workers=5&max_cpus=3000000000"));
        Assert.Equal(5, fields.Int("max_workers"));
        Assert.Equal(3_000_000_000L, fields.Long("max_cpus"));
        Assert.Equal("Invalid actor description: max_cpus is out of range.", Refused(() => fields.Int("max_cpus")));
    }

    [Theory(DisplayName = "Non-integers are refused naming the field")]
    [InlineData("""{"max_workers": "three"}""")]
    [InlineData("""{"max_workers": 2.5}""")]
    [InlineData("""{"max_workers": "2.0"}""")]
    [InlineData("""{"max_workers": true}""")]
    [InlineData("""{"max_workers": [2]}""")]
    [InlineData("""{"max_workers": ""}""")]
    public async Task NotIntegers(string body)
    {
        var fields = await FieldsAsync(Json(body));
        Assert.Equal("Invalid actor description: max_workers must be an integer.", Refused(() => fields.Int("max_workers")));
    }

    [Fact(DisplayName = "Strings: JSON strings as is, numbers as their text, anything else refused")]
    public async Task Strings()
    {
        var fields = await FieldsAsync(Json("""{"name": "x", "description": 42, "link": {"a": 1}, "webhook": true}"""));

        Assert.Equal("x", fields.String("name"));
        Assert.Equal("42", fields.String("description"));
        Assert.Equal("Invalid actor description: link must be a string.", Refused(() => fields.String("link")));
        Assert.Equal("Invalid actor description: webhook must be a string.", Refused(() => fields.String("webhook")));
    }

    [Theory(DisplayName = "A required string must be present and not blank; it is trimmed")]
    [InlineData("""{}""")]
    [InlineData("""{"image": ""}""")]
    [InlineData("""{"image": "   "}""")]
    [InlineData("""{"image": null}""")]
    public async Task RequiredString(string body)
    {
        var fields = await FieldsAsync(Json(body));
        Assert.Equal("Invalid actor description: image is required.", Refused(() => fields.RequiredString("image")));
    }

    [Fact(DisplayName = "A required string is trimmed")]
    public async Task RequiredStringTrimmed() =>
        Assert.Equal("busybox", (await FieldsAsync(Json("""{"image": "  busybox "}"""))).RequiredString("image"));

    [Fact(DisplayName = "A dict from a JSON object keeps its values' JSON types")]
    public async Task DictFromJson()
    {
        var fields = await FieldsAsync(Json("""{"default_environment": {"a": "b", "n": 1, "nested": {"x": [1, 2]}}}"""));
        var dict = fields.Object("default_environment")!;

        Assert.Equal(["a", "n", "nested"], dict.Keys.Order());
        Assert.Equal("b", dict["a"].GetString());
        Assert.Equal(1, dict["n"].GetInt32());
        Assert.Equal("""{"x":[1,2]}""", dict["nested"].GetRawText());
    }

    [Fact(DisplayName = "A dict sent as JSON text in a form field is read")]
    public async Task DictFromFormJsonText()
    {
        var fields = await FieldsAsync(Form("default_environment=%7B%22a%22%3A%22b%22%7D"));
        Assert.Equal("b", fields.Object("default_environment")!["a"].GetString());
    }

    [Theory(DisplayName = "A plain form string, or any other non-object, is not a dict")]
    [InlineData("default_environment=a%3Db")]
    [InlineData("default_environment=abc")]
    [InlineData("default_environment=%5B1%2C2%5D")]
    [InlineData("default_environment=")]
    public async Task DictRejectedFromForm(string form)
    {
        var fields = await FieldsAsync(Form(form));
        Assert.Equal("Invalid actor description: default_environment must be a JSON object (dict).",
            Refused(() => fields.Object("default_environment")));
    }

    [Theory(DisplayName = "A JSON non-object is not a dict")]
    [InlineData("""{"default_environment": [1]}""")]
    [InlineData("""{"default_environment": 5}""")]
    [InlineData("""{"default_environment": true}""")]
    public async Task DictRejectedFromJson(string body)
    {
        var fields = await FieldsAsync(Json(body));
        Assert.Equal("Invalid actor description: default_environment must be a JSON object (dict).",
            Refused(() => fields.Object("default_environment")));
    }

    [Fact(DisplayName = "A list of strings from a JSON list (numbers as text) or from a comma-separated string")]
    public async Task Lists()
    {
        Assert.Equal(["sync", "1", "gpu"], (await FieldsAsync(Json("""{"hints": ["sync", 1, "gpu"]}"""))).StringList("hints")!.Value.ToArray());
        Assert.Equal(["sync", "gpu"], (await FieldsAsync(Json("""{"hints": "sync, gpu,"}"""))).StringList("hints")!.Value.ToArray());
        Assert.Equal(["a", "b"], (await FieldsAsync(Form("hints=a%2Cb"))).StringList("hints")!.Value.ToArray());
        Assert.Equal(["a", "b"], (await FieldsAsync(Form("hints=a&hints=b"))).StringList("hints")!.Value.ToArray());
        Assert.Empty((await FieldsAsync(Json("""{"hints": []}"""))).StringList("hints")!.Value);
        Assert.Null((await FieldsAsync(Json("{}"))).StringList("hints"));
    }

    [Theory(DisplayName = "A list holding non-strings, or a non-list, is refused")]
    [InlineData("""{"hints": [["a"]]}""")]
    [InlineData("""{"hints": [{"a": 1}]}""")]
    [InlineData("""{"hints": [null]}""")]
    [InlineData("""{"hints": {"a": 1}}""")]
    [InlineData("""{"hints": true}""")]
    public async Task NotLists(string body)
    {
        var fields = await FieldsAsync(Json(body));
        Assert.Equal("Invalid actor description: hints must be a list of strings.", Refused(() => fields.StringList("hints")));
    }

    [Theory(DisplayName = "A body that is not JSON is refused as a whole")]
    [InlineData("{not json")]
    [InlineData("image=busybox")]
    [InlineData("""{"image": "a",}""")]
    public async Task InvalidJsonBody(string body)
    {
        var message = await RefusedAsync(() => FieldsAsync(Json(body)));
        Assert.StartsWith("Invalid actor description: the body is not valid JSON (", message);
    }

    [Theory(DisplayName = "A JSON body that is not an object is refused")]
    [InlineData("[1, 2]")]
    [InlineData("\"busybox\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task NonObjectJsonBody(string body) =>
        Assert.Equal("Invalid actor description: the body must be a JSON object.",
            await RefusedAsync(() => FieldsAsync(Json(body))));

    [Fact(DisplayName = "The description of the thing parsed appears in the messages")]
    public async Task WhatIsNamed()
    {
        var message = await RefusedAsync(() => RequestFields.ReadAsync(Json("[]"), CaseStyle.Snake, "nonce description"));
        Assert.Equal("Invalid nonce description: the body must be a JSON object.", message);
    }

    [Fact(DisplayName = "ToElement turns a node (or null) into a detached JsonElement")]
    public void ToElement()
    {
        Assert.Equal(JsonValueKind.Null, RequestFields.ToElement(null).ValueKind);
        Assert.Equal("[1,\"a\"]", RequestFields.ToElement(System.Text.Json.Nodes.JsonNode.Parse("""[1, "a"]""")).GetRawText());
    }
}
