using Abaco.Testing;
using System.Text;
using System.Text.Json.Nodes;

namespace Abaco.Cli.Tests;

/// <summary>The CLI against a real node without access control, over HTTP, with real containers.</summary>
public sealed class EmbeddedNodeSpecs(CliNodeFixture node) : IClassFixture<CliNodeFixture>
{
    private Task<CliRun> Abaco(params string[] args) => CliRun.RunAsync(node.Environment(), args);

    private static JsonObject Json(CliRun run)
    {
        Assert.True(run.Exit == ExitCodes.Ok, run.ToString());
        return Assert.IsType<JsonObject>(JsonNode.Parse(run.Out));
    }

    private async Task<string> RegisterAsync(string image, params string[] more) =>
        Json(await Abaco(["actors", "create", "--image", image, .. more])) ["id"]!.GetValue<string>();

    [Fact]
    public async Task Actors_are_registered_shown_listed_updated_and_deleted()
    {
        var id = await RegisterAsync("abaco/test-busybox", "--name", "lifecycle", "--env", "GREETING=hi", "--description", "before");

        var shown = Json(await Abaco("actors", "get", id));
        var listed = await Abaco("actors", "list", "-o", "table");
        var updated = Json(await Abaco("actors", "update", id, "--description", "after"));
        var yaml = await Abaco("actors", "get", id, "-o", "yaml");
        var deleted = await Abaco("actors", "delete", id);
        var gone = await Abaco("actors", "get", id);

        Assert.Equal(("lifecycle", "hi"), (shown["name"]!.GetValue<string>(), shown["default_environment"]!["GREETING"]!.GetValue<string>()));
        Assert.Contains(listed.Out.Split('\n'), line => line.StartsWith(id + " ") && line.Contains("abaco/test-busybox"));
        Assert.StartsWith("ID ", listed.Out);
        // Only the description changed: the update started from the actor as it was.
        Assert.Equal(("after", "abaco/test-busybox", "hi"),
            (updated["description"]!.GetValue<string>(), updated["image"]!.GetValue<string>(), updated["default_environment"]!["GREETING"]!.GetValue<string>()));
        Assert.Contains($"id: {id}", yaml.Out);
        Assert.Equal(ExitCodes.Ok, deleted.Exit);
        Assert.Contains("deleted", deleted.Out);
        Assert.Equal(ExitCodes.Refused, gone.Exit);
        Assert.Contains(id, gone.Err);
    }

    [Fact]
    public async Task A_message_is_sent_waited_for_with_progress_and_its_logs_and_executions_are_shown()
    {
        var id = await RegisterAsync("abaco/test-busybox");

        var sent = Json(await Abaco("messages", "send", id, "hello from the cli", "--env", "COLOR=blue"));
        var execution = sent["execution_id"]!.GetValue<string>();
        var waited = await Abaco("wait", id, execution, "--timeout", "180");
        var logs = await Abaco("logs", id, execution);
        var followed = await Abaco("logs", id, execution, "--follow", "--timeout", "30");
        var executions = Json(await Abaco("executions", "list", id));

        Assert.Equal((ExitCodes.Ok, "COMPLETE\n"), (waited.Exit, waited.Out));
        Assert.Contains($"execution {execution}: COMPLETE", waited.Err);
        Assert.Contains("Contents of MSG: hello from the cli", logs.Out);
        Assert.Contains("COLOR=blue", logs.Out);
        Assert.Equal(logs.Out, followed.Out);
        Assert.Contains(executions["executions"]!.AsArray(), e => e!["id"]!.GetValue<string>() == execution);
    }

    [Fact]
    public async Task A_binary_message_is_read_from_standard_input()
    {
        var id = await RegisterAsync("abaco/test-busybox");

        var run = await CliRun.RunAsync(node.Environment(), Encoding.UTF8.GetBytes("\u0001\u0002binary"), false,
            "messages", "send", id, "--binary", "-");

        Assert.Equal("binary - omitted", Json(run)["msg"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_registers_once_then_reuses_and_exits_with_the_containers_exit_code()
    {
        var name = $"cli-run-{Guid.NewGuid():N}"[..16];

        var first = await Abaco("run", "abaco/test-exit", "go", "--name", name, "--env", "EXIT_CODE=7", "--timeout", "180");
        var second = await Abaco("run", "abaco/test-exit", "again", "--name", name, "--env", "EXIT_CODE=0", "--timeout", "180");

        Assert.True(first.Exit == 7, first.ToString());
        Assert.Contains("about to exit", first.Out);
        Assert.Contains("registered actor", first.Err);
        Assert.True(second.Exit == ExitCodes.Ok, second.ToString());
        Assert.Contains("using actor", second.Err);
    }

    [Fact]
    public async Task A_wait_past_its_timeout_exits_4_and_says_where_the_execution_was()
    {
        var id = await RegisterAsync("abaco/test-sleep", "--env", "SLEEP_SECONDS=30");
        var execution = Json(await Abaco("messages", "send", id, "sleep"))["execution_id"]!.GetValue<string>();

        var waited = await Abaco("wait", id, execution, "--timeout", "1", "--interval", "0.2");
        await Eventually.TrueAsync(
            async () => Json(await Abaco("executions", "get", id, execution))["status"]!.GetValue<string>() == "RUNNING",
            TimeSpan.FromSeconds(120), "the sleeper to run");
        var halted = await Abaco("executions", "halt", id, execution);
        var after = await Abaco("wait", id, execution, "--timeout", "180");

        Assert.Equal(ExitCodes.Timeout, waited.Exit);
        Assert.Contains($"execution {execution} of actor {id} did not finish within 1 s", waited.Err);
        Assert.True(halted.Exit == ExitCodes.Ok, halted.ToString());
        Assert.Equal((ExitCodes.Ok, "COMPLETE\n"), (after.Exit, after.Out));
        await Abaco("actors", "delete", id);
    }

    [Fact]
    public async Task Aliases_nonces_permissions_configs_state_search_and_admin_views_round_trip()
    {
        var id = await RegisterAsync("abaco/test-busybox", "--stateful");
        var alias = $"cli-{Guid.NewGuid():N}"[..12];

        Assert.Equal(ExitCodes.Ok, (await Abaco("aliases", "create", alias, id)).Exit);
        Assert.Equal(id, Json(await Abaco("actors", "get", alias))["id"]!.GetValue<string>());
        var nonce = Json(await Abaco("nonces", "create", id, "--level", "READ", "--max-uses", "3"));
        Assert.Equal(("READ", 3), (nonce["level"]!.GetValue<string>(), nonce["max_uses"]!.GetValue<int>()));
        var permissions = Json(await Abaco("permissions", "grant", id, "friend", "READ"));
        Assert.Equal("READ", permissions["friend"]!.GetValue<string>());
        var secret = Json(await Abaco("configs", "create", $"{alias}-cfg", "s3cret", "--actors", id, "--secret"));
        Assert.NotEqual("s3cret", secret["value"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Ok, (await Abaco("state", "set", id, """{"count": 1}""")).Exit);
        Assert.Equal(1, Json(await Abaco("state", "get", id))["state"]!["count"]!.GetValue<int>());
        var found = Json(await Abaco("search", "actors", $"id={id}"));
        Assert.Single(found["search"]!.AsArray());
        Assert.True(Json(await Abaco("admin", "utilization"))["currentActors"]!.GetValue<int>() >= 1);
        Assert.Equal(ExitCodes.Ok, (await Abaco("admin", "workers", "-o", "table")).Exit);
        Assert.Equal(ExitCodes.Ok, (await Abaco("configs", "delete", $"{alias}-cfg")).Exit);
        Assert.Equal(ExitCodes.Ok, (await Abaco("aliases", "delete", alias)).Exit);
    }
}
