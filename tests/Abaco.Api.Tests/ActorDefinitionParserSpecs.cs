using Abaco.Api.Http;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests;

/// <summary>An actor description from POST/PUT /actors (original-abaco.md §1.3 #2, §2.2).</summary>
public sealed class ActorDefinitionParserSpecs
{
    private static async Task<string> RefusedAsync(HttpRequest request, AbacoSettings? settings = null)
    {
        var error = await Assert.ThrowsAsync<ApiError>(() => ActorAsync(request, settings));
        Assert.Equal(400, error.StatusCode);
        return error.Message;
    }

    [Fact(DisplayName = "Only an image: every other field takes its default")]
    public async Task Defaults()
    {
        var actor = await ActorAsync(Json("""{"image": "abaco/test"}"""));

        Assert.Equal("abaco/test", actor.Image);
        Assert.Null(actor.Name);
        Assert.Equal("", actor.Description);
        Assert.Empty(actor.DefaultEnvironment);
        Assert.True(actor.Stateless);
        Assert.False(actor.Privileged);
        Assert.False(actor.UseContainerUid);
        Assert.False(actor.Token);
        Assert.Null(actor.MaxWorkers);
        Assert.Null(actor.MemLimit);
        Assert.Null(actor.MaxCpus);
        Assert.Equal("default", actor.Queue);
        Assert.Empty(actor.Hints);
        Assert.Equal("", actor.Link);
        Assert.Equal("", actor.Webhook);
        Assert.Null(actor.CronSchedule);
        Assert.False(actor.CronOn);
        Assert.Null(actor.LogEx);
        Assert.Equal("none", actor.Type);
    }

    [Fact(DisplayName = "Every field a user may set is read from a JSON body")]
    public async Task AllFieldsFromJson()
    {
        var settings = Settings(CaseStyle.Snake, "default", "gpu");
        var actor = await ActorAsync(Json("""
            {"image": " abaco/test:1.0 ", "name": "hello", "description": "says hi",
             "default_environment": {"A": "1", "B": 2}, "stateless": true, "privileged": "True",
             "use_container_uid": 1, "token": "false", "max_workers": "4", "mem_limit": "2g",
             "max_cpus": 1000000000, "queue": "gpu", "hints": ["sync", "x"], "link": "other",
             "webhook": "http://hook", "cron_schedule": "2030-01-01 10 + 1 hour", "cron_on": true,
             "log_ex": 3600, "type": "JSON", "owner": "mallory", "revision": 9}
            """), settings);

        Assert.Equal("abaco/test:1.0", actor.Image);
        Assert.Equal("hello", actor.Name);
        Assert.Equal("says hi", actor.Description);
        Assert.Equal("1", actor.DefaultEnvironment["A"].GetString());
        Assert.Equal(2, actor.DefaultEnvironment["B"].GetInt32());
        Assert.True(actor.Stateless);
        Assert.True(actor.Privileged);
        Assert.True(actor.UseContainerUid);
        Assert.False(actor.Token);
        Assert.Equal(4, actor.MaxWorkers);
        Assert.Equal("2g", actor.MemLimit);
        Assert.Equal(1_000_000_000L, actor.MaxCpus);
        Assert.Equal("gpu", actor.Queue);
        Assert.Equal(["sync", "x"], actor.Hints.ToArray());
        Assert.Equal("other", actor.Link);
        Assert.Equal("http://hook", actor.Webhook);
        Assert.Equal("2030-01-01 10 + 1 hour", actor.CronSchedule);
        Assert.True(actor.CronOn);
        Assert.Equal(3600, actor.LogEx);
        Assert.Equal("json", actor.Type);
    }

    [Fact(DisplayName = "A form body gives the same actor, with a comma-separated hints string")]
    public async Task FromForm()
    {
        var actor = await ActorAsync(Form("image=abaco%2Ftest&name=hello&stateless=False&privileged=1&hints=sync%2C+gpu&log_ex=60"));

        Assert.Equal("abaco/test", actor.Image);
        Assert.Equal("hello", actor.Name);
        Assert.False(actor.Stateless);
        Assert.True(actor.Privileged);
        Assert.Equal(["sync", "gpu"], actor.Hints.ToArray());
        Assert.Equal(60, actor.LogEx);
    }

    [Fact(DisplayName = "The query string is read too")]
    public async Task FromQuery()
    {
        var actor = await ActorAsync(Query("?image=busybox&max_workers=2"));

        Assert.Equal("busybox", actor.Image);
        Assert.Equal(2, actor.MaxWorkers);
    }

    [Fact(DisplayName = "Camel mode reads camel names; the snake ones are ignored (their defaults apply)")]
    public async Task CamelMode()
    {
        var settings = Settings(CaseStyle.Camel);
        var camel = await ActorAsync(Json("""
            {"image": "busybox", "defaultEnvironment": {"my_key": "v"}, "maxWorkers": 3, "useContainerUid": true,
             "logEx": 10, "cronSchedule": "2030-01-01 10 + 1 hour", "cronOn": true, "memLimit": "1g", "maxCpus": 5}
            """), settings);
        Assert.Equal("v", camel.DefaultEnvironment["my_key"].GetString());
        Assert.Equal(3, camel.MaxWorkers);
        Assert.True(camel.UseContainerUid);
        Assert.Equal(10, camel.LogEx);
        Assert.Equal("2030-01-01 10 + 1 hour", camel.CronSchedule);
        Assert.True(camel.CronOn);
        Assert.Equal("1g", camel.MemLimit);
        Assert.Equal(5L, camel.MaxCpus);

        var snake = await ActorAsync(Json("""
            {"image": "busybox", "default_environment": {"a": "b"}, "max_workers": 3, "use_container_uid": true,
             "log_ex": 10, "mem_limit": "1g"}
            """), settings);
        Assert.Empty(snake.DefaultEnvironment);
        Assert.Null(snake.MaxWorkers);
        Assert.False(snake.UseContainerUid);
        Assert.Null(snake.LogEx);
        Assert.Null(snake.MemLimit);
    }

    [Fact(DisplayName = "Snake mode ignores camel names")]
    public async Task SnakeIgnoresCamel()
    {
        var actor = await ActorAsync(Json("""{"image": "busybox", "defaultEnvironment": {"a": "b"}, "maxWorkers": "x"}"""));

        Assert.Empty(actor.DefaultEnvironment);
        Assert.Null(actor.MaxWorkers);
    }

    [Theory(DisplayName = "The image is required")]
    [InlineData("{}")]
    [InlineData("""{"image": ""}""")]
    [InlineData("""{"image": "  "}""")]
    [InlineData("""{"Image": "busybox"}""")]
    public async Task ImageRequired(string body) =>
        Assert.Equal("Invalid actor description: image is required.", await RefusedAsync(Json(body)));

    [Fact(DisplayName = "An image reference with spaces inside is refused")]
    public async Task ImageWithSpaces() =>
        Assert.Equal("Invalid actor description: image must be a docker image reference without spaces.",
            await RefusedAsync(Json("""{"image": "busy box"}""")));

    [Theory(DisplayName = "A stateful actor cannot have max_workers (snake and camel)")]
    [InlineData(CaseStyle.Snake, """{"image": "i", "stateless": false, "max_workers": 2}""")]
    [InlineData(CaseStyle.Snake, """{"image": "i", "stateless": "False", "max_workers": "1"}""")]
    [InlineData(CaseStyle.Camel, """{"image": "i", "stateless": "0", "maxWorkers": 5}""")]
    public async Task StatefulMaxWorkers(CaseStyle style, string body) =>
        Assert.Equal("Invalid actor description: stateful actors can only have 1 worker.",
            await RefusedAsync(Json(body), Settings(style)));

    [Fact(DisplayName = "A stateful actor without max_workers is fine")]
    public async Task StatefulAlone() =>
        Assert.False((await ActorAsync(Json("""{"image": "i", "stateless": false}"""))).Stateless);

    [Theory(DisplayName = "max_workers below 1 is refused")]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task MaxWorkersTooSmall(string value) =>
        Assert.Equal("Invalid actor description: max_workers must be at least 1.",
            await RefusedAsync(Json($$"""{"image": "i", "max_workers": {{value}}}""")));

    [Theory(DisplayName = "A queue this host does not serve is refused")]
    [InlineData("gpu")]
    [InlineData("Default")]
    public async Task BadQueue(string queue) =>
        Assert.Equal("Invalid queue name.", await RefusedAsync(Json($$"""{"image": "i", "queue": "{{queue}}"}""")));

    [Fact(DisplayName = "A queue listed in spawner.host_queues is accepted; a blank queue is 'default'")]
    public async Task GoodQueue()
    {
        Assert.Equal("gpu", (await ActorAsync(Json("""{"image": "i", "queue": " gpu "}"""), Settings(CaseStyle.Snake, "default", "gpu"))).Queue);
        Assert.Equal("default", (await ActorAsync(Json("""{"image": "i", "queue": ""}"""))).Queue);
    }

    [Fact(DisplayName = "Without 'default' among the host queues, an actor without a queue is refused")]
    public async Task DefaultQueueNotServed() =>
        Assert.Equal("Invalid queue name.", await RefusedAsync(Json("""{"image": "i"}"""), Settings(CaseStyle.Snake, "gpu")));

    [Theory(DisplayName = "Hints with quotes, braces or brackets are refused, naming the character")]
    [InlineData("""["it's"]""", "'")]
    [InlineData("""["say \"hi\""]""", "\"")]
    [InlineData("""["{a}"]""", "{")]
    [InlineData("""["ok", "x]"]""", "]")]
    [InlineData("\"a, [b\"", "[")]
    public async Task BadHints(string hints, string character)
    {
        var message = await RefusedAsync(Json($$"""{"image": "i", "hints": {{hints}}}"""));
        Assert.StartsWith("Hints must be simple stings", message);
        Assert.EndsWith($"Error character: {character}", message);
    }

    [Theory(DisplayName = "A malformed or past cron_schedule is refused with the reason")]
    [InlineData("""{"image": "i", "cron_schedule": "every hour"}""", "The cron is not in the correct format")]
    [InlineData("""{"image": "i", "cron_schedule": "2020-01-01 10 + 1 hour"}""", "The starting datetime is old.")]
    [InlineData("""{"image": "i", "cron_schedule": "now + 2 fortnights"}""", "'fortnights' is not a unit")]
    public async Task Bad_cron_is_refused(string body, string expected) =>
        Assert.Contains(expected, await RefusedAsync(Json(body)));

    [Theory(DisplayName = "mem_limit must be a docker memory size or -1")]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("1t")]
    [InlineData("-2")]
    [InlineData("1.5g")]
    public async Task BadMemLimit(string value) =>
        Assert.Equal("Invalid actor description: mem_limit must be a memory size such as 512m or 1g, or -1.",
            await RefusedAsync(Json($$"""{"image": "i", "mem_limit": "{{value}}"}""")));

    [Theory(DisplayName = "Good mem_limit values are kept as given")]
    [InlineData("\"512m\"", "512m")]
    [InlineData("\"1G\"", "1G")]
    [InlineData("\"-1\"", "-1")]
    [InlineData("1048576", "1048576")]
    public async Task GoodMemLimit(string json, string expected) =>
        Assert.Equal(expected, (await ActorAsync(Json($$"""{"image": "i", "mem_limit": {{json}}}"""))).MemLimit);

    [Fact(DisplayName = "The mem_limit message uses the camel name in camel mode")]
    public async Task CamelMemLimitMessage() =>
        Assert.Equal("Invalid actor description: memLimit must be a memory size such as 512m or 1g, or -1.",
            await RefusedAsync(Json("""{"image": "i", "memLimit": "lots"}"""), Settings(CaseStyle.Camel)));

    [Theory(DisplayName = "max_cpus: -1 means unset; 0 and other negatives are refused")]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task BadMaxCpus(string value) =>
        Assert.Equal("Invalid actor description: max_cpus must be a positive number of nano CPUs (1000000000 = 1 CPU), or -1.",
            await RefusedAsync(Json($$"""{"image": "i", "max_cpus": {{value}}}""")));

    [Fact(DisplayName = "max_cpus -1 is stored as unset")]
    public async Task MaxCpusUnlimited() =>
        Assert.Null((await ActorAsync(Json("""{"image": "i", "max_cpus": "-1"}"""))).MaxCpus);

    [Theory(DisplayName = "type must be none, bin or json")]
    [InlineData("xml")]
    [InlineData("")]
    public async Task BadType(string type) =>
        Assert.Equal("Invalid actor description: type must be one of none, bin, json.",
            await RefusedAsync(Json($$"""{"image": "i", "type": "{{type}}"}""")));

    [Theory(DisplayName = "log_ex must be a positive number of seconds")]
    [InlineData("0")]
    [InlineData("-60")]
    public async Task BadLogEx(string value) =>
        Assert.Equal("Invalid actor description: log_ex must be a positive number of seconds.",
            await RefusedAsync(Json($$"""{"image": "i", "log_ex": {{value}}}""")));

    [Theory(DisplayName = "Type errors in fields name the field")]
    [InlineData("""{"image": "i", "stateless": "nope"}""", "Invalid actor description: stateless must be a boolean (true or false).")]
    [InlineData("""{"image": "i", "privileged": "nope"}""", "Invalid actor description: privileged must be a boolean (true or false).")]
    [InlineData("""{"image": "i", "max_workers": "many"}""", "Invalid actor description: max_workers must be an integer.")]
    [InlineData("""{"image": "i", "log_ex": "long"}""", "Invalid actor description: log_ex must be an integer.")]
    [InlineData("""{"image": "i", "default_environment": "a=b"}""", "Invalid actor description: default_environment must be a JSON object (dict).")]
    [InlineData("""{"image": "i", "hints": [[1]]}""", "Invalid actor description: hints must be a list of strings.")]
    [InlineData("""{"image": "i", "name": ["x"]}""", "Invalid actor description: name must be a string.")]
    public async Task FieldTypeErrors(string body, string message) =>
        Assert.Equal(message, await RefusedAsync(Json(body)));

    [Fact(DisplayName = "A plain form string for default_environment is refused")]
    public async Task FormDict() =>
        Assert.Equal("Invalid actor description: default_environment must be a JSON object (dict).",
            await RefusedAsync(Form("image=i&default_environment=A%3D1")));

    [Fact(DisplayName = "An invalid JSON body is refused")]
    public async Task InvalidJson() =>
        Assert.StartsWith("Invalid actor description: the body is not valid JSON",
            await RefusedAsync(Json("""{"image": "i" """)));

    [Fact(DisplayName = "A JSON body that is not an object is refused")]
    public async Task NonObjectJson() =>
        Assert.Equal("Invalid actor description: the body must be a JSON object.", await RefusedAsync(Json("""["i"]""")));
}
