using Abaco.Core.Executions;

namespace Abaco.Core.Tests.Executions;

public sealed class MessageEnvironmentSpecs
{
    private const long Max = 256 * 1024;

    private static string? Check(string? msg = "hi", bool owner = false, long max = Max, params (string Name, string Value)[] query) =>
        MessageEnvironment.Check(query.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), msg, owner,
            MessageEnvironment.DefaultProtectedNames, max);

    [Fact(DisplayName = "Ordinary parameters, _abaco_synchronous and x-nonce are accepted from anyone")]
    public void Ordinary_parameters_pass() =>
        Assert.Null(Check(query: [("count", "3"), ("_private", ""), ("A1_b", "x y"), ("_abaco_synchronous", "true"),
            ("x-nonce", "DEV_abc")]));

    [Theory(DisplayName = "A name that is not an environment name is refused, naming it")]
    [InlineData("a-b")]
    [InlineData("1abc")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a=b")]
    [InlineData("abc\n")]
    [InlineData("é")]
    [InlineData("X-Nonce")]
    public void Invalid_names(string name)
    {
        var refusal = Check(query: (name, "v"));
        Assert.NotNull(refusal);
        Assert.StartsWith($"Invalid query parameter '{name}'", refusal);
    }

    [Theory(DisplayName = "Names Abaco sets are refused, for the owner too")]
    [InlineData("MSG")]
    [InlineData("_actor_configs")]
    [InlineData("_abaco_username")]
    [InlineData("_abaco_access_token")]
    [InlineData("_abaco_jwt_header_name")]
    [InlineData("_abaco_anything")]
    public void Platform_names(string name)
    {
        Assert.Equal($"Invalid query parameter '{name}': Abaco sets this environment variable itself.",
            Check(owner: true, query: (name, "forged")));
    }

    [Theory(DisplayName = "Protected names are refused for callers who are not the owner, accepted for the owner")]
    [InlineData("LD_PRELOAD")]
    [InlineData("LD_LIBRARY_PATH")]
    [InlineData("LD_AUDIT")]
    [InlineData("BASH_ENV")]
    [InlineData("ENV")]
    [InlineData("PYTHONSTARTUP")]
    [InlineData("PYTHONPATH")]
    [InlineData("PYTHONHOME")]
    [InlineData("PYTHONINSPECT")]
    [InlineData("PYTHONWARNINGS")]
    [InlineData("NODE_OPTIONS")]
    [InlineData("PERL5OPT")]
    [InlineData("PERL5LIB")]
    [InlineData("RUBYOPT")]
    [InlineData("JAVA_TOOL_OPTIONS")]
    [InlineData("_JAVA_OPTIONS")]
    [InlineData("PROMPT_COMMAND")]
    [InlineData("IFS")]
    [InlineData("PATH")]
    [InlineData("HOME")]
    [InlineData("GCONV_PATH")]
    [InlineData("https_proxy")]
    [InlineData("HTTP_PROXY")]
    [InlineData("DOTNET_STARTUP_HOOKS")]
    public void Protected_names(string name)
    {
        Assert.Equal($"Invalid query parameter '{name}': only the actor's owner may set this environment variable.",
            Check(query: (name, "/tmp/x.so")));
        Assert.Null(Check(owner: true, query: (name, "/tmp/x.so")));
    }

    [Fact(DisplayName = "Protected names are compared exactly; a trailing * in the list matches a prefix")]
    public void Protected_patterns()
    {
        string[] patterns = ["LD_*", "PATH"];
        Assert.True(MessageEnvironment.IsProtected("LD_ANYTHING", patterns));
        Assert.True(MessageEnvironment.IsProtected("PATH", patterns));
        Assert.False(MessageEnvironment.IsProtected("path", patterns));
        Assert.False(MessageEnvironment.IsProtected("PATH2", patterns));
        Assert.False(MessageEnvironment.IsProtected("OLD_PRELOAD", patterns));
    }

    [Fact(DisplayName = "Only the owner and admins with their own credentials may set protected names; nonce holders never")]
    public void Who_may_set_protected_names()
    {
        Assert.True(MessageEnvironment.MaySetProtectedNames("jdoe", false, false, "jdoe"));
        Assert.True(MessageEnvironment.MaySetProtectedNames("boss", true, false, "jdoe"));
        Assert.False(MessageEnvironment.MaySetProtectedNames("friend", false, false, "jdoe"));
        Assert.False(MessageEnvironment.MaySetProtectedNames("jdoe", false, true, "jdoe"));
        Assert.False(MessageEnvironment.MaySetProtectedNames("boss", true, true, "jdoe"));
        Assert.False(MessageEnvironment.MaySetProtectedNames("JDOE", false, false, "jdoe"));
    }

    [Fact(DisplayName = "A NUL in a value or in MSG is refused (the container could not start)")]
    public void Nul_is_refused()
    {
        Assert.Equal("Invalid query parameter 'a': the value may not contain a NUL character.", Check(query: ("a", "x\0y")));
        Assert.StartsWith("Invalid message: a message given as text may not contain a NUL", Check(msg: "x\0y"));
        Assert.Null(Check(msg: null, query: ("a", "x")));
    }

    [Fact(DisplayName = "One variable may not exceed the kernel's limit; MSG included")]
    public void One_variable_is_bounded()
    {
        var fits = new string('a', MessageEnvironment.MaxVariableBytes - "MSG=".Length - 1);
        Assert.Null(Check(msg: fits));
        Assert.StartsWith("Invalid message: it takes 131073 bytes in the MSG environment variable", Check(msg: fits + "a"));
        // Bytes, not characters: é is two bytes in UTF-8.
        Assert.StartsWith("Invalid query parameter 'v': the variable takes",
            Check(msg: null, query: ("v", new string('é', MessageEnvironment.MaxVariableBytes / 2))));
    }

    [Fact(DisplayName = "The message's variables together are bounded by web.max_message_env_bytes")]
    public void Total_is_bounded()
    {
        // "a=" + 1000 + NUL = 1003 bytes, "MSG=hi" + NUL = 7 bytes.
        Assert.Null(Check(max: 2013, query: [("a", new string('x', 1000)), ("b", new string('x', 1000))]));
        Assert.Equal(
            "Invalid message: its environment variables (query parameters and MSG) take 2013 bytes; at most 2012 are allowed (web.max_message_env_bytes).",
            Check(max: 2012, query: [("a", new string('x', 1000)), ("b", new string('x', 1000))]));
    }

    [Fact(DisplayName = "The default protected list is made of environment names and prefixes")]
    public void Default_list_is_well_formed() =>
        Assert.All(MessageEnvironment.DefaultProtectedNames,
            p => Assert.True(MessageEnvironment.IsValidName(p.TrimEnd('*')), p));
}
