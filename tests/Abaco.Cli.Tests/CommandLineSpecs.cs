namespace Abaco.Cli.Tests;

public sealed class CommandLineSpecs
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static CliCommand Parse(params string[] args) => CommandLine.Parse(args, NoEnvironment).Command;

    private static string Refused(params string[] args) =>
        Assert.Throws<CliUsageException>(() => CommandLine.Parse(args, NoEnvironment)).Message;

    [Fact(DisplayName = "actors list")]
    public void ActorsList() => Assert.IsType<ListActors>(Parse("actors", "list"));

    [Fact(DisplayName = "actors create reads image, name, description and every --env pair, keeping '=' inside values")]
    public void ActorsCreate()
    {
        var create = Assert.IsType<CreateActor>(Parse("actors", "create", "--image", "abaco/test", "--name", "hello",
            "--env", "A=1", "--env=B=x=y", "--description", "says hello", "--env", "EMPTY="));
        Assert.Equal("abaco/test", create.Image);
        Assert.Equal("hello", create.Name);
        Assert.Equal("says hello", create.Description);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y", ["EMPTY"] = "" }, create.Environment);
    }

    [Fact(DisplayName = "actors create with only --image leaves name and description out and the environment empty")]
    public void ActorsCreateMinimal()
    {
        var create = Assert.IsType<CreateActor>(Parse("actors", "create", "--image=busybox"));
        Assert.Equal("busybox", create.Image);
        Assert.Null(create.Name);
        Assert.Null(create.Description);
        Assert.Empty(create.Environment);
    }

    [Fact(DisplayName = "actors create without --image is refused")]
    public void ActorsCreateNeedsImage() =>
        Assert.Equal("'actors create' needs --image IMG.", Refused("actors", "create", "--name", "x"));

    [Theory(DisplayName = "--env must be KEY=VALUE with a non-empty key")]
    [InlineData("NOEQUALS")]
    [InlineData("=value")]
    public void EnvNeedsKeyValue(string pair) =>
        Assert.Equal($"--env needs KEY=VALUE, not '{pair}'.", Refused("actors", "create", "--image", "i", "--env", pair));

    [Fact(DisplayName = "actors get ID and actors delete ID")]
    public void ActorsGetAndDelete()
    {
        Assert.Equal(new GetActor("AKeo3XGAGyRr"), Parse("actors", "get", "AKeo3XGAGyRr"));
        Assert.Equal(new DeleteActor("my-alias"), Parse("actors", "delete", "my-alias"));
    }

    [Theory(DisplayName = "A missing positional argument is named")]
    [InlineData("'actors get' needs ID.", "actors", "get")]
    [InlineData("'actors delete' needs ID.", "actors", "delete")]
    [InlineData("'messages send' needs ID MESSAGE.", "messages", "send")]
    [InlineData("'messages send' needs MESSAGE.", "messages", "send", "A1")]
    [InlineData("'messages count' needs ID.", "messages", "count")]
    [InlineData("'executions list' needs ID.", "executions", "list")]
    [InlineData("'executions get' needs EID.", "executions", "get", "A1")]
    [InlineData("'logs' needs ID EID.", "logs")]
    [InlineData("'workers list' needs ID.", "workers", "list")]
    [InlineData("'wait' needs EID.", "wait", "A1")]
    public void MissingArgument(string expected, params string[] args) => Assert.Equal(expected, Refused(args));

    [Fact(DisplayName = "Extra positional arguments are refused and quoted")]
    public void TooManyArguments() =>
        Assert.Equal("too many arguments for 'actors get': 'B' 'C'.", Refused("actors", "get", "A", "B", "C"));

    [Fact(DisplayName = "An empty ID is refused")]
    public void EmptyId() => Assert.Equal("'actors get': ID must not be empty.", Refused("actors", "get", ""));

    [Fact(DisplayName = "messages send takes plain text, or a JSON document with --json")]
    public void MessagesSend()
    {
        Assert.Equal(new SendMessage("A1", "hello world", false), Parse("messages", "send", "A1", "hello world"));
        Assert.Equal(new SendMessage("A1", """{"a": 1}""", true), Parse("messages", "send", "--json", "A1", """{"a": 1}"""));
        Assert.Equal(new SendMessage("A1", "", false), Parse("messages", "send", "A1", ""));
    }

    [Fact(DisplayName = "messages send --json refuses a MESSAGE that is not JSON")]
    public void MessagesSendBadJson() =>
        Assert.StartsWith("with --json, MESSAGE must be a JSON document", Refused("messages", "send", "A1", "{oops", "--json"));

    [Fact(DisplayName = "After -- a message may start with a dash; before it, it is taken for an option")]
    public void DoubleDash()
    {
        Assert.Equal(new SendMessage("A1", "-5", false), Parse("messages", "send", "A1", "--", "-5"));
        Assert.Equal(new SendMessage("A1", "--json", false), Parse("messages", "send", "--", "A1", "--json"));
        Assert.Equal("unknown option '-5'.", Refused("messages", "send", "A1", "-5"));
    }

    [Fact(DisplayName = "messages count, executions list/get, logs and workers list")]
    public void ReadCommands()
    {
        Assert.Equal(new CountMessages("A1"), Parse("messages", "count", "A1"));
        Assert.Equal(new ListExecutions("A1"), Parse("executions", "list", "A1"));
        Assert.Equal(new GetExecution("A1", "E1"), Parse("executions", "get", "A1", "E1"));
        Assert.Equal(new GetLogs("A1", "E1"), Parse("logs", "A1", "E1"));
        Assert.Equal(new ListWorkers("A1"), Parse("workers", "list", "A1"));
    }

    [Fact(DisplayName = "wait defaults to a 300 s deadline polled every second")]
    public void WaitDefaults() =>
        Assert.Equal(new WaitForExecution("A1", "E1", TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(1)),
            Parse("wait", "A1", "E1"));

    [Fact(DisplayName = "wait takes --timeout and --interval in (fractional) seconds")]
    public void WaitOptions() =>
        Assert.Equal(new WaitForExecution("A1", "E1", TimeSpan.FromSeconds(2.5), TimeSpan.FromMilliseconds(100)),
            Parse("wait", "--timeout", "2.5", "A1", "--interval=0.1", "E1"));

    [Theory(DisplayName = "wait refuses a timeout that is not a positive number of seconds")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("NaN")]
    [InlineData("1e300")]
    public void WaitBadTimeout(string timeout) =>
        Assert.Equal($"--timeout needs a positive number of seconds, not '{timeout}'.",
            Refused("wait", "A1", "E1", "--timeout", timeout));

    [Theory(DisplayName = "Unknown commands and subcommands are refused by name")]
    [InlineData("unknown command 'frobnicate'.", "frobnicate")]
    [InlineData("unknown command 'actors frob'.", "actors", "frob")]
    [InlineData("'actors' needs a subcommand: list, create, get, delete.", "actors")]
    [InlineData("'messages' needs a subcommand: send, count.", "messages")]
    [InlineData("no command given.")]
    public void UnknownCommands(string expected, params string[] args) => Assert.Equal(expected, Refused(args));

    [Theory(DisplayName = "Options are checked: unknown, meant for another command, without value, repeated, or a flag with a value")]
    [InlineData("unknown option '--verbose'.", "actors", "list", "--verbose")]
    [InlineData("'actors list' does not take --image.", "actors", "list", "--image", "x")]
    [InlineData("'actors get' does not take --json.", "actors", "get", "A1", "--json")]
    [InlineData("'messages send' does not take --timeout.", "messages", "send", "A1", "m", "--timeout", "3")]
    [InlineData("--image needs a value.", "actors", "create", "--image")]
    [InlineData("--url needs a value.", "actors", "list", "--url")]
    [InlineData("--image is given more than once.", "actors", "create", "--image", "a", "--image", "b")]
    [InlineData("--json takes no value.", "messages", "send", "A1", "{}", "--json=yes")]
    public void BadOptions(string expected, params string[] args) => Assert.Equal(expected, Refused(args));

    [Fact(DisplayName = "--help anywhere, -h and the help command all ask for the usage text")]
    public void Help()
    {
        Assert.IsType<ShowHelp>(Parse("--help"));
        Assert.IsType<ShowHelp>(Parse("-h"));
        Assert.IsType<ShowHelp>(Parse("help"));
        Assert.IsType<ShowHelp>(Parse("actors", "create", "--help"));
        Assert.IsType<ShowHelp>(Parse("frobnicate", "--help"));
    }

    [Fact(DisplayName = "The URL is --url, else ABACO_URL, else http://localhost:8000")]
    public void Url()
    {
        var environment = new Dictionary<string, string?> { ["ABACO_URL"] = "http://abaco.example:9000/api" };
        Assert.Equal(new Uri("http://localhost:8000"), CommandLine.Parse(["actors", "list"], NoEnvironment).BaseUrl);
        Assert.Equal(new Uri("http://abaco.example:9000/api"),
            CommandLine.Parse(["actors", "list"], n => environment.GetValueOrDefault(n)).BaseUrl);
        Assert.Equal(new Uri("https://other:1/"),
            CommandLine.Parse(["--url", "https://other:1/", "actors", "list"], n => environment.GetValueOrDefault(n)).BaseUrl);
        Assert.Equal(new Uri("http://localhost:8000"),
            CommandLine.Parse(["actors", "list"], n => n == "ABACO_URL" ? " " : null).BaseUrl);
    }

    [Theory(DisplayName = "A URL that is not http(s) is refused")]
    [InlineData("localhost:8000")]
    [InlineData("ftp://abaco.example")]
    [InlineData("not a url")]
    public void BadUrl(string url) =>
        Assert.Equal($"the API URL must be an http:// or https:// URL, not '{url}'.", Refused("--url", url, "actors", "list"));

    [Fact(DisplayName = "The tenant is --tenant, else ABACO_TENANT, else none; blanks count as none")]
    public void Tenant()
    {
        Assert.Null(CommandLine.Parse(["actors", "list"], NoEnvironment).Tenant);
        Assert.Equal("SD2E", CommandLine.Parse(["actors", "list"], n => n == "ABACO_TENANT" ? "SD2E" : null).Tenant);
        Assert.Equal("DEV", CommandLine.Parse(["actors", "list", "--tenant", " DEV "], n => n == "ABACO_TENANT" ? "SD2E" : null).Tenant);
        Assert.Null(CommandLine.Parse(["actors", "list"], n => n == "ABACO_TENANT" ? "  " : null).Tenant);
    }
}
