namespace Abaco.Cli.Tests;

/// <summary>What a script sees from a bad command line, completion, and an Abaco that is not there.</summary>
public class CommandLineSpecs
{
    [Theory]
    [InlineData("no-such-command")]
    [InlineData("actors")]
    [InlineData("actors", "get")]
    [InlineData("actors", "list", "--output", "xml")]
    [InlineData("wait", "a", "e", "--timeout", "-1")]
    [InlineData("permissions", "grant", "a", "bob", "ADMIN")]
    public async Task A_command_line_that_cannot_be_understood_exits_2_with_the_reason_on_stderr(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.StartsWith("error: ", run.Err);
        Assert.Contains("--help", run.Err);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_message_needs_a_body_and_json_must_be_json_before_anything_is_sent()
    {
        var none = await CliRun.RunAsync("messages", "send", "a1", "--url", "http://127.0.0.1:1");
        var badJson = await CliRun.RunAsync("messages", "send", "a1", "{not json", "--json", "--url", "http://127.0.0.1:1");

        Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (none.Exit, badJson.Exit));
        Assert.Contains("give a MESSAGE", none.Err);
        Assert.Contains("must be a JSON document", badJson.Err);
    }

    [Fact]
    public async Task An_Abaco_that_cannot_be_reached_exits_3_naming_the_url()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["ABACO_URL"] = "http://127.0.0.1:1" }, "actors", "list");

        Assert.Equal(ExitCodes.Unreachable, run.Exit);
        Assert.Contains("cannot reach the Abaco API at http://127.0.0.1:1", run.Err);
    }

    [Fact]
    public async Task The_suggest_directive_completes_commands_and_options()
    {
        var commands = await CliRun.RunAsync("[suggest:7]", "actors ");
        var group = await CliRun.RunAsync("[suggest:3]", "mes");
        var levels = await CliRun.RunAsync("[suggest:27]", "permissions grant a1 bob RE");

        Assert.Equal(ExitCodes.Ok, commands.Exit);
        Assert.Contains("create", commands.Out.Split('\n'));
        Assert.Contains("--url", commands.Out.Split('\n'));
        Assert.Equal("messages", group.Out.Trim());
        Assert.Contains("READ", levels.Out.Split('\n'));
        Assert.DoesNotContain("UPDATE", levels.Out);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _abaco_complete abaco")]
    [InlineData("zsh", "compdef _abaco_complete abaco")]
    public async Task Completion_prints_a_script_that_asks_abaco_itself(string shell, string registration)
    {
        var run = await CliRun.RunAsync("completion", shell);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Contains("[suggest:", run.Out);
        Assert.Contains(registration, run.Out);
    }

    [Fact]
    public async Task Help_lists_every_resource_and_the_exit_codes()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.Exit);
        foreach (var command in new[] { "actors", "messages", "executions", "logs", "results", "wait", "run", "workers", "state",
                     "nonces", "aliases", "permissions", "configs", "search", "admin", "profile", "completion" })
            Assert.Contains($"\n  {command} ", run.Out);
        Assert.Contains("4 a wait timed out", run.Out);
    }
}
