using System.Text.Json.Nodes;
using System.Web;

namespace Abaco.Cli.Tests;

/// <summary>The whole program against a canned Abaco over real HTTP: what it sends, prints and exits with.</summary>
public sealed class ProgramSpecs
{
    private static readonly JsonObject Actor = new()
    {
        ["id"] = "AKeo3XGAGyRr",
        ["image"] = "abaco/test",
        ["default_environment"] = new JsonObject { ["A"] = "1" },
        ["hints"] = new JsonArray("sync"),
        ["_links"] = new JsonObject { ["self"] = "http://172.17.0.1:8000/actors/v2/AKeo3XGAGyRr" },
    };

    private static void AssertJson(JsonNode expected, string printed)
    {
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(printed)), $"printed: {printed}");
    }

    [Fact(DisplayName = "actors list: GET /actors with the tenant header; prints the result as indented JSON")]
    public async Task ActorsList()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonArray(Actor.DeepClone()), "Actors retrieved successfully."));
        var run = await CliRun.RunAsync("--url", abaco.Url, "--tenant", "SD2E", "actors", "list");

        Assert.Equal((0, ""), (run.Exit, run.Err));
        var request = abaco.SingleRequest;
        Assert.Equal(("GET", "/actors"), (request.Method, request.RawUrl));
        Assert.Equal("SD2E", request.Header("tenant"));
        Assert.Contains("application/json", request.Header("accept"));
        AssertJson(new JsonArray(Actor.DeepClone()), run.Out);
        Assert.Contains("\n  {\n", run.Out.ReplaceLineEndings("\n"));
        Assert.EndsWith("\n", run.Out);
    }

    [Fact(DisplayName = "Without --tenant or ABACO_TENANT no tenant header is sent; ABACO_URL and ABACO_TENANT are honoured")]
    public async Task EnvironmentVariables()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonArray()));
        var plain = await CliRun.RunAsync("--url", abaco.Url, "actors", "list");
        var fromEnvironment = await CliRun.RunAsync(
            new Dictionary<string, string> { ["ABACO_URL"] = abaco.Url, ["ABACO_TENANT"] = "DEV-DEVELOP" }, "actors", "list");

        Assert.Equal((0, 0), (plain.Exit, fromEnvironment.Exit));
        Assert.Equal(2, abaco.Requests.Count);
        Assert.Null(abaco.Requests[0].Header("tenant"));
        Assert.Equal("DEV-DEVELOP", abaco.Requests[1].Header("tenant"));
    }

    [Fact(DisplayName = "actors create: POST /actors with a JSON body of image, name, description and default_environment")]
    public async Task ActorsCreate()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(Actor.DeepClone(), "Actor created successfully."));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "create", "--image", "abaco/test", "--name", "hello",
            "--description", "héllo \"quoted\"", "--env", "A=1", "--env", "B=two words");

        Assert.Equal((0, ""), (run.Exit, run.Err));
        var request = abaco.SingleRequest;
        Assert.Equal(("POST", "/actors"), (request.Method, request.RawUrl));
        Assert.StartsWith("application/json", request.ContentType);
        AssertJson(new JsonObject
        {
            ["image"] = "abaco/test",
            ["name"] = "hello",
            ["description"] = "héllo \"quoted\"",
            ["default_environment"] = new JsonObject { ["A"] = "1", ["B"] = "two words" },
        }, request.Body);
        AssertJson(Actor, run.Out);
    }

    [Fact(DisplayName = "actors create with only an image sends only the image")]
    public async Task ActorsCreateMinimal()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(Actor.DeepClone()));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "create", "--image", "busybox");

        Assert.Equal(0, run.Exit);
        AssertJson(new JsonObject { ["image"] = "busybox" }, abaco.SingleRequest.Body);
    }

    [Fact(DisplayName = "actors get: GET /actors/ID, with the id escaped in the path")]
    public async Task ActorsGet()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(Actor.DeepClone()));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "get", "AKeo3XGAGyRr");
        var odd = await CliRun.RunAsync("--url", abaco.Url, "actors", "get", "a b/c?d");

        Assert.Equal((0, 0), (run.Exit, odd.Exit));
        Assert.Equal(("GET", "/actors/AKeo3XGAGyRr"), (abaco.Requests[0].Method, abaco.Requests[0].RawUrl));
        Assert.Equal("/actors/a%20b%2Fc%3Fd", abaco.Requests[1].RawUrl);
        AssertJson(Actor, run.Out);
    }

    [Fact(DisplayName = "A base URL with a path prefix keeps it")]
    public async Task UrlPrefix()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(Actor.DeepClone()));
        var run = await CliRun.RunAsync("--url", abaco.Url + "/gateway/", "actors", "get", "A1");

        Assert.Equal(0, run.Exit);
        Assert.Equal("/gateway/actors/A1", abaco.SingleRequest.RawUrl);
    }

    [Fact(DisplayName = "actors delete: DELETE /actors/ID; a null result prints the envelope's message")]
    public async Task ActorsDelete()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(null, "Actor deleted successfully."));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "delete", "A1");

        Assert.Equal((0, "Actor deleted successfully.\n", ""), (run.Exit, run.Out, run.Err));
        Assert.Equal(("DELETE", "/actors/A1"), (abaco.SingleRequest.Method, abaco.SingleRequest.RawUrl));
    }

    [Fact(DisplayName = "messages send: plain text goes as the form field 'message'")]
    public async Task MessagesSendText()
    {
        var accepted = new JsonObject { ["execution_id"] = "E1", ["msg"] = "hello & goodbye=1" };
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(accepted.DeepClone(), "The request was successful"));
        var run = await CliRun.RunAsync("--url", abaco.Url, "messages", "send", "A1", "hello & goodbye=1");

        Assert.Equal((0, ""), (run.Exit, run.Err));
        var request = abaco.SingleRequest;
        Assert.Equal(("POST", "/actors/A1/messages"), (request.Method, request.RawUrl));
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        var form = HttpUtility.ParseQueryString(request.Body);
        Assert.Equal(new string?[] { "message" }, form.AllKeys);
        Assert.Equal("hello & goodbye=1", form["message"]);
        AssertJson(accepted, run.Out);
    }

    [Fact(DisplayName = "messages send --json: the MESSAGE is the application/json body, unchanged")]
    public async Task MessagesSendJson()
    {
        const string message = """{"numbers": [1, 2.5], "nested": {"k": null}}""";
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonObject { ["execution_id"] = "E1" }));
        var run = await CliRun.RunAsync("--url", abaco.Url, "messages", "send", "A1", message, "--json");

        Assert.Equal(0, run.Exit);
        var request = abaco.SingleRequest;
        Assert.Equal(("POST", "/actors/A1/messages"), (request.Method, request.RawUrl));
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal(message, request.Body);
    }

    [Theory(DisplayName = "Read commands GET the right path and print the result")]
    [InlineData("/actors/A1/messages", "messages", "count", "A1")]
    [InlineData("/actors/A1/executions", "executions", "list", "A1")]
    [InlineData("/actors/A1/executions/E1", "executions", "get", "A1", "E1")]
    [InlineData("/actors/A1/workers", "workers", "list", "A1")]
    public async Task ReadCommands(string path, params string[] command)
    {
        var result = new JsonObject { ["path"] = path, ["n"] = 3 };
        await using var abaco = new CannedAbaco(r => CannedResponse.Ok(new JsonObject { ["path"] = r.RawUrl, ["n"] = 3 }));
        var run = await CliRun.RunAsync(["--url", abaco.Url, .. command]);

        Assert.Equal((0, ""), (run.Exit, run.Err));
        Assert.Equal(("GET", path), (abaco.SingleRequest.Method, abaco.SingleRequest.RawUrl));
        AssertJson(result, run.Out);
    }

    [Fact(DisplayName = "logs prints the raw logs text, not JSON")]
    public async Task Logs()
    {
        const string logs = "line one\n\"quoted\" line two\tend";
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonObject
        {
            ["logs"] = logs,
            ["_links"] = new JsonObject { ["self"] = "x" },
        }, "Logs retrieved successfully."));
        var run = await CliRun.RunAsync("--url", abaco.Url, "logs", "A1", "E1");

        Assert.Equal((0, logs + "\n", ""), (run.Exit, run.Out, run.Err));
        Assert.Equal(("GET", "/actors/A1/executions/E1/logs"), (abaco.SingleRequest.Method, abaco.SingleRequest.RawUrl));
    }

    [Fact(DisplayName = "logs of an execution without output prints nothing")]
    public async Task EmptyLogs()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonObject { ["logs"] = "" }));
        var run = await CliRun.RunAsync("--url", abaco.Url, "logs", "A1", "E1");

        Assert.Equal((0, "", ""), (run.Exit, run.Out, run.Err));
    }

    [Theory(DisplayName = "An error envelope prints 'error: <message>' on stderr and exits 1")]
    [InlineData(400, "Invalid actor description: image is required.")]
    [InlineData(404, "Actor with identifier 'nope' not found")]
    [InlineData(500, "Unrecognized exception type: KeyError. Exception: 'x'")]
    public async Task ErrorEnvelope(int status, string message)
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Error(status, message));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "get", "nope");

        Assert.Equal((1, "", $"error: {message}\n"), (run.Exit, run.Out, run.Err));
    }

    [Fact(DisplayName = "An envelope with status 'error' is an error even with HTTP 200")]
    public async Task ErrorStatusWithOk()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Error(200, "Something odd."));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "list");

        Assert.Equal((1, "", "error: Something odd.\n"), (run.Exit, run.Out, run.Err));
    }

    [Fact(DisplayName = "An answer that is not an envelope (a proxy's HTML page) is an error naming the HTTP status")]
    public async Task NotAnEnvelope()
    {
        await using var abaco = new CannedAbaco(_ => new CannedResponse(502, "<html>\n<h1>Bad Gateway</h1></html>", "text/html"));
        var run = await CliRun.RunAsync("--url", abaco.Url, "actors", "list");

        Assert.Equal(1, run.Exit);
        Assert.Equal("", run.Out);
        Assert.Equal($"error: unexpected answer from GET {abaco.Url}/actors: HTTP 502 <html> <h1>Bad Gateway</h1></html>\n", run.Err);
    }

    [Fact(DisplayName = "When nothing listens at the URL, the message names the URL and the exit code is 3")]
    public async Task Unreachable()
    {
        var url = $"http://127.0.0.1:{CannedAbaco.FreePort()}";
        var run = await CliRun.RunAsync("--url", url, "actors", "list");

        Assert.Equal(3, run.Exit);
        Assert.Equal("", run.Out);
        Assert.StartsWith($"error: cannot reach the Abaco API at {url}:", run.Err);
    }

    [Fact(DisplayName = "wait polls until COMPLETE, prints it and exits 0")]
    public async Task WaitComplete()
    {
        var statuses = new Queue<string>(["SUBMITTED", "RUNNING", "COMPLETE"]);
        await using var abaco = new CannedAbaco(_ =>
        {
            lock (statuses) return CannedResponse.Ok(new JsonObject { ["id"] = "E1", ["status"] = statuses.Dequeue() });
        });
        var run = await CliRun.RunAsync("--url", abaco.Url, "wait", "A1", "E1", "--interval", "0.01");

        Assert.Equal((0, "COMPLETE\n", ""), (run.Exit, run.Out, run.Err));
        Assert.Equal(3, abaco.Requests.Count);
        Assert.All(abaco.Requests, r => Assert.Equal(("GET", "/actors/A1/executions/E1"), (r.Method, r.RawUrl)));
    }

    [Theory(DisplayName = "wait on an execution that ends in ERROR prints ERROR, the reason on stderr, and exits 1")]
    [InlineData("status_message")]
    [InlineData("statusMessage")]
    public async Task WaitError(string messageField)
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonObject
        {
            ["status"] = "ERROR",
            [messageField] = "Image abaco/nope could not be pulled.",
        }));
        var run = await CliRun.RunAsync("--url", abaco.Url, "wait", "A1", "E1");

        Assert.Equal((1, "ERROR\n", "error: Image abaco/nope could not be pulled.\n"), (run.Exit, run.Out, run.Err));
    }

    [Fact(DisplayName = "wait gives up at the deadline with exit 2 and the last status seen")]
    public async Task WaitTimeout()
    {
        await using var abaco = new CannedAbaco(_ => CannedResponse.Ok(new JsonObject { ["status"] = "RUNNING" }));
        var run = await CliRun.RunAsync("--url", abaco.Url, "wait", "A1", "E1", "--timeout", "1.5", "--interval", "0.02");

        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Out);
        Assert.Equal("error: execution E1 of actor A1 did not finish within 1.5 s (last status: RUNNING).\n", run.Err);
    }

    [Fact(DisplayName = "wait keeps its deadline even when the server never answers")]
    public async Task WaitTimeoutOnSilentServer()
    {
        await using var abaco = new CannedAbaco(async (_, stopping) =>
        {
            await Task.Delay(Timeout.Infinite, stopping);
            return CannedResponse.Ok(null);
        });
        var run = await CliRun.RunAsync("--url", abaco.Url, "wait", "A1", "E1", "--timeout", "0.3");

        Assert.Equal((2, ""), (run.Exit, run.Out));
        Assert.Equal("error: execution E1 of actor A1 did not finish within 0.3 s (last status: unknown).\n", run.Err);
    }

    [Fact(DisplayName = "wait stops at an error envelope (unknown execution) with exit 1")]
    public async Task WaitUnknownExecution()
    {
        await using var abaco = new CannedAbaco(_ =>
            CannedResponse.Error(400, "No executions found with actor id of A1 and execution id of E9."));
        var run = await CliRun.RunAsync("--url", abaco.Url, "wait", "A1", "E9");

        Assert.Equal((1, "", "error: No executions found with actor id of A1 and execution id of E9.\n"),
            (run.Exit, run.Out, run.Err));
        Assert.Single(abaco.Requests);
    }

    [Fact(DisplayName = "--help prints the usage on stdout and exits 0 without calling Abaco")]
    public async Task Help()
    {
        var run = await CliRun.RunAsync("--url", $"http://127.0.0.1:{CannedAbaco.FreePort()}", "actors", "list", "--help");

        Assert.Equal((0, CommandLine.Usage, ""), (run.Exit, run.Out, run.Err));
        Assert.StartsWith("usage: abaco [--url URL] [--tenant TENANT] COMMAND [ARGS]", run.Out);
        foreach (var command in new[] { "actors list", "actors create --image IMG", "actors get ID", "actors delete ID",
                     "messages send ID MESSAGE [--json]", "messages count ID", "executions list ID",
                     "executions get ID EID", "logs ID EID", "workers list ID", "wait ID EID [--timeout S]" })
            Assert.Contains(command, run.Out);
    }

    [Fact(DisplayName = "A bad command line prints the reason and the usage on stderr and exits 64")]
    public async Task UsageError()
    {
        var run = await CliRun.RunAsync("actors", "get");

        Assert.Equal((64, ""), (run.Exit, run.Out));
        Assert.Equal("error: 'actors get' needs ID.\n" + CommandLine.Usage, run.Err);
    }
}
