using Xunit;

namespace Abaco.Admin.Tests;

/// <summary>How <c>abaco-admin</c> reads its command line and shell lines.</summary>
public sealed class CommandLineSpecs
{
    private static Invocation Parse(params string[] args) => AdminCommandLine.Parse(args, _ => null);

    [Fact(DisplayName = "A verb's words, its argument and its options become the command host route and query")]
    public void Verb_words_argument_and_options()
    {
        var drain = Parse("10.0.0.5:9110", "spawner", "drain", "akka.tcp://abaco@10.0.0.6:4053").Call!;
        Assert.Equal(("POST", "spawner/drain"), (drain.Verb.Method, drain.Path));
        Assert.Equal("akka.tcp://abaco@10.0.0.6:4053", drain.Query["node"]);

        var inspect = Parse("h:1", "actor", "inspect", "DEV_abc").Call!;
        Assert.Equal("actors/DEV_abc", inspect.Path);

        var peek = Parse("h:1", "log", "peek", "--level", "warning", "--lines", "20").Call!;
        Assert.Equal(new Dictionary<string, string> { ["level"] = "warning", ["lines"] = "20" }, peek.Query);

        var reconcile = Parse("h:1", "reconcile", "--dry-run").Call!;
        Assert.Equal("true", reconcile.Query["dryRun"]);
    }

    [Fact(DisplayName = "pbm's long forms and the short ones name the same verbs")]
    public void Long_and_short_forms()
    {
        Assert.Equal("sharding/shard-stats", Parse("h:1", "cluster", "sharding", "shard-stats").Call!.Path);
        Assert.Equal("sharding/shard-stats", Parse("h:1", "sharding", "shard-stats").Call!.Path);
        Assert.Equal("singletons", Parse("h:1", "singletons").Call!.Path);
    }

    [Fact(DisplayName = "Global options go anywhere; the token comes from --token or ABACO_ADMIN_TOKEN; HOST alone means port 9110")]
    public void Global_options()
    {
        var invocation = Parse("--json", "h", "nodes", "--token", "t0k");
        Assert.Equal(("h:9110", true, "t0k"), (invocation.Endpoint, invocation.Json, invocation.Token));
        Assert.Equal("nodes", invocation.Call!.Path);
        var fromEnvironment = AdminCommandLine.Parse(["h:1", "nodes"],
            name => name == AdminCommandLine.TokenVariable ? "env-token" : null);
        Assert.Equal("env-token", fromEnvironment.Token);
        Assert.Null(Parse("h:1").Call); // no verb: the shell
    }

    [Theory(DisplayName = "Mistakes are usage errors naming what is wrong")]
    [InlineData("Unknown verb 'cluster explode'", "h:1", "cluster", "explode")]
    [InlineData("Usage: spawner drain NODE", "h:1", "spawner", "drain")]
    [InlineData("'nodes' takes no argument", "h:1", "nodes", "extra")]
    [InlineData("'nodes' has no option --node", "h:1", "nodes", "--node", "x")]
    [InlineData("is not HOST:PORT", "h:notaport", "nodes")]
    [InlineData("Name the node", "--json")]
    public void Usage_errors(string expected, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Contains(expected, error.Message);
    }

    [Fact(DisplayName = "A shell line splits on spaces, quotes keep them")]
    public void Shell_line_split() =>
        Assert.Equal(["actor", "inspect", "DEV STAGING_x", ""], AdminCommandLine.Split("actor  inspect \"DEV STAGING_x\" ''"));

    [Theory(DisplayName = "Tab offers the next word of a verb, then its options")]
    [InlineData("", "actor,actors,cluster,exit,help,log,nodes,reconcile,sharding,singletons,spawner,workers")]
    [InlineData("clu", "cluster")]
    [InlineData("cluster sh", "sharding,show")]
    [InlineData("cluster sharding ", "region-stats,regions,shard-stats")]
    [InlineData("sharding r", "region-stats,regions")]
    [InlineData("log peek --", "--level,--lines")]
    [InlineData("spawner ", "drain,undrain")]
    public void Completion_candidates(string line, string expected) =>
        Assert.Equal(expected.Split(','), Completion.Candidates(line));

    [Fact(DisplayName = "Tab completes as far as the candidates agree, and a single one with a space")]
    public void Completion_completes()
    {
        Assert.Equal("cluster ", Completion.Complete("clu", Completion.Candidates("clu")));
        Assert.Equal("sharding region", Completion.Complete("sharding r", Completion.Candidates("sharding r")));
        Assert.Equal("nothing", Completion.Complete("nothing", Completion.Candidates("nothing")));
    }
}
