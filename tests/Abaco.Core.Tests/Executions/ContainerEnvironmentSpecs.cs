using System.Collections.Immutable;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Messages;

namespace Abaco.Core.Tests.Executions;

public sealed class ContainerEnvironmentSpecs
{
    private static ImmutableDictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableDictionary(p => p.Key, p => p.Value);

    private static ActorDefinition WithEnvironment(string json) =>
        ActorDefinition.ForImage("abacosamples/test") with { DefaultEnvironment = Samples.Environment(json) };

    [Fact(DisplayName = "default_environment values are rendered like Python str()")]
    public void Default_environment_is_rendered_like_python_str()
    {
        var actor = Samples.Actor(WithEnvironment("""
            {"S": "text", "Q": "it's", "I": 42, "F": 1.0, "G": 0.5, "B": true, "C": false, "N": null,
             "D": {"a": 1, "b": "x"}, "L": [1, "x", false]}
            """));

        var env = ContainerEnvironment.Compose(actor, Samples.Message("e1"), "w1");

        Assert.Equal("text", env["S"]);
        Assert.Equal("it's", env["Q"]);
        Assert.Equal("42", env["I"]);
        Assert.Equal("1.0", env["F"]);
        Assert.Equal("0.5", env["G"]);
        Assert.Equal("True", env["B"]);
        Assert.Equal("False", env["C"]);
        Assert.Equal("None", env["N"]);
        Assert.Equal("{'a': 1, 'b': 'x'}", env["D"]);
        Assert.Equal("[1, 'x', False]", env["L"]);
    }

    [Fact(DisplayName = "The message's variables override default_environment")]
    public void Message_variables_override_the_defaults()
    {
        var actor = Samples.Actor(WithEnvironment("""{"ONLY_DEFAULT": "d", "BOTH": "d"}"""));
        var message = Samples.Message("e1", environment: Env(("BOTH", "m"), ("ONLY_MESSAGE", "m")));

        var env = ContainerEnvironment.Compose(actor, message, "w1");

        Assert.Equal("d", env["ONLY_DEFAULT"]);
        Assert.Equal("m", env["BOTH"]);
        Assert.Equal("m", env["ONLY_MESSAGE"]);
    }

    [Fact(DisplayName = "The sender, its API server, its JWT header and the revision at queue time come from the message as platform variables")]
    public void Origin_and_revision_are_platform_variables()
    {
        var actor = Samples.Actor(WithEnvironment("""
            {"_abaco_username": "d", "_abaco_api_server": "d", "_abaco_jwt_header_name": "d", "_abaco_actor_revision": "d"}
            """));
        var message = Samples.Message("e1") with
        {
            Origin = new MessageOrigin("jdoe", "https://api.example.org", "X-Jwt-Assertion-DEV"),
            ActorRevision = 3,
        };

        var env = ContainerEnvironment.Compose(actor, message, "w1");

        Assert.Equal("jdoe", env["_abaco_username"]);
        Assert.Equal("https://api.example.org", env["_abaco_api_server"]);
        Assert.Equal("X-Jwt-Assertion-DEV", env["_abaco_jwt_header_name"]);
        Assert.Equal("3", env["_abaco_actor_revision"]);
    }

    [Fact(DisplayName = "A message without a JWT header name or an origin (cron) gets no such variable, and default_environment's stays")]
    public void No_origin_no_origin_variables()
    {
        var actor = Samples.Actor(WithEnvironment("""{"_abaco_username": "d"}"""));

        var withoutHeader = ContainerEnvironment.Compose(Samples.Actor(),
            Samples.Message("e1") with { Origin = new MessageOrigin("jdoe", "https://api.example.org") }, "w1");
        var cron = ContainerEnvironment.Compose(actor, Samples.Message("e1"), "w1");

        Assert.False(withoutHeader.ContainsKey("_abaco_jwt_header_name"));
        Assert.Equal("d", cron["_abaco_username"]);
        Assert.False(cron.ContainsKey("_abaco_api_server"));
        Assert.False(cron.ContainsKey("_abaco_actor_revision"));
    }

    [Fact(DisplayName = "A message journalled by an earlier version (origin and revision among its variables) gives the container the same variables")]
    public void Api_variables_pass_through()
    {
        var message = Samples.Message("e1", environment: Env(
            ("_abaco_username", "jdoe"), ("_abaco_api_server", "https://api.example.org"),
            ("_abaco_actor_revision", "3"), ("_abaco_synchronous", "true"), ("x-nonce", "DEV_abc")));

        var env = ContainerEnvironment.Compose(Samples.Actor(), message, "w1");

        Assert.Equal("jdoe", env["_abaco_username"]);
        Assert.Equal("https://api.example.org", env["_abaco_api_server"]);
        Assert.Equal("3", env["_abaco_actor_revision"]);
        Assert.Equal("true", env["_abaco_synchronous"]);
        Assert.Equal("DEV_abc", env["x-nonce"]);
    }

    [Fact(DisplayName = "The system variables of original-abaco.md §3.4 are all set")]
    public void System_variables()
    {
        var actor = Samples.Actor(
            ActorDefinition.ForImage("abacosamples/wc:1.0") with { Name = "word-count" },
            state: """{"count": 3, "seen": ["a"]}""",
            tenant: "SD2E-DEV", id: "DlzypRjPkkWV");

        var env = ContainerEnvironment.Compose(actor, Samples.Message("EXEC1", MessageKind.Str, "the body"), "WORKER1");

        Assert.Equal("the body", env["MSG"]);
        Assert.Equal("EXEC1", env["_abaco_execution_id"]);
        Assert.Equal("str", env["_abaco_Content_Type"]);
        Assert.Equal("SD2E-DEV_DlzypRjPkkWV", env["_abaco_actor_dbid"]);
        Assert.Equal("DlzypRjPkkWV", env["_abaco_actor_id"]);
        Assert.Equal("WORKER1", env["_abaco_worker_id"]);
        Assert.Equal("abacosamples/wc:1.0", env["_abaco_container_repo"]);
        Assert.Equal("{'count': 3, 'seen': ['a']}", env["_abaco_actor_state"]);
        Assert.Equal("word-count", env["_abaco_actor_name"]);
        Assert.Equal("", env["_abaco_access_token"]);
    }

    [Fact(DisplayName = "An unnamed actor's _abaco_actor_name is 'None' and an empty state is {}")]
    public void Unnamed_actor()
    {
        var env = ContainerEnvironment.Compose(Samples.Actor(state: "{}"), Samples.Message("e1"), "w1");

        Assert.Equal("None", env["_abaco_actor_name"]);
        Assert.Equal("{}", env["_abaco_actor_state"]);
    }

    [Fact(DisplayName = "A JSON message's MSG is its Python literal and its content type application/json")]
    public void Json_message()
    {
        var message = Samples.Message("e1", MessageKind.Json, """{"name": "x", "n": [1, 2.5], "ok": true}""");

        var env = ContainerEnvironment.Compose(Samples.Actor(), message, "w1");

        Assert.Equal("{'name': 'x', 'n': [1, 2.5], 'ok': True}", env["MSG"]);
        Assert.Equal("application/json", env["_abaco_Content_Type"]);
    }

    [Fact(DisplayName = "System variables win over both default_environment and the message's variables")]
    public void System_variables_win()
    {
        var actor = Samples.Actor(WithEnvironment("""
            {"MSG": "d", "_abaco_actor_id": "d", "_abaco_worker_id": "d", "_abaco_actor_state": "d",
             "_abaco_access_token": "d", "_abaco_container_repo": "d"}
            """));
        var message = Samples.Message("e1", MessageKind.Str, "real", Env(
            ("MSG", "m"), ("_abaco_execution_id", "m"), ("_abaco_Content_Type", "m"), ("_abaco_actor_dbid", "m"),
            ("_abaco_actor_name", "m"), ("_abaco_worker_id", "m")));

        var env = ContainerEnvironment.Compose(actor, message, "w1");

        Assert.Equal("real", env["MSG"]);
        Assert.Equal("e1", env["_abaco_execution_id"]);
        Assert.Equal("str", env["_abaco_Content_Type"]);
        Assert.Equal(actor.DbId, env["_abaco_actor_dbid"]);
        Assert.Equal(actor.Id, env["_abaco_actor_id"]);
        Assert.Equal("w1", env["_abaco_worker_id"]);
        Assert.Equal("None", env["_abaco_actor_name"]);
        Assert.Equal("{}", env["_abaco_actor_state"]);
        Assert.Equal("", env["_abaco_access_token"]);
        Assert.Equal("abacosamples/test", env["_abaco_container_repo"]);
    }

    [Fact(DisplayName = "Nothing else is added: the environment is the defaults, the message's variables and the system set")]
    public void No_extra_variables()
    {
        var actor = Samples.Actor(WithEnvironment("""{"A": "1"}"""));
        var message = Samples.Message("e1", environment: Env(("B", "2")));

        var env = ContainerEnvironment.Compose(actor, message, "w1");

        string[] expected =
        [
            "A", "B", "MSG", "_abaco_execution_id", "_abaco_Content_Type", "_abaco_actor_dbid", "_abaco_actor_id",
            "_abaco_worker_id", "_abaco_container_repo", "_abaco_actor_state", "_abaco_actor_name", "_abaco_access_token",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), env.Keys.Order(StringComparer.Ordinal));
    }
    [Fact(DisplayName = "MSG and _actor_configs come only from Abaco: a binary message has no MSG, an actor without configs no _actor_configs")]
    public void Platform_variables_never_come_from_the_message()
    {
        var actor = Samples.Actor(WithEnvironment("""{"MSG": "d", "_actor_configs": "d"}"""));
        var message = Samples.Message("e1", MessageKind.Binary, Convert.ToBase64String([1, 2]),
            Env(("MSG", "forged"), ("_actor_configs", "{'secret': 'forged'}")));

        var env = ContainerEnvironment.Compose(actor, message, "w1");

        Assert.False(env.ContainsKey("MSG"));
        Assert.False(env.ContainsKey("_actor_configs"));
        Assert.Equal("{'real': 1}", ContainerEnvironment.Compose(actor, message, "w1", "{'real': 1}")["_actor_configs"]);
    }

    [Fact(DisplayName = "Variables Docker would refuse to start with (empty name, '=' in a name, NUL) are left out")]
    public void Variables_docker_refuses_are_left_out()
    {
        var actor = Samples.Actor(WithEnvironment("""{"": "x", "A=B": "x", "NUL": "a\u0000b", "OK1": "fine"}"""));
        var message = Samples.Message("e1", environment: Env(("", "x"), ("C=D", "x"), ("Z", "a\0b"), ("OK2", "fine")));

        var env = ContainerEnvironment.Compose(actor, message, "w1");

        Assert.Equal("fine", env["OK1"]);
        Assert.Equal("fine", env["OK2"]);
        Assert.DoesNotContain(env, kv => kv.Key.Length == 0 || kv.Key.Contains('=') || kv.Value.Contains('\0'));
    }

    [Fact(DisplayName = "HOME given by Abaco (workers.actor_homedir) wins over default_environment and the message")]
    public void Platform_home_wins()
    {
        var actor = Samples.Actor(WithEnvironment("""{"HOME": "/d"}"""));
        var message = Samples.Message("e1", environment: Env(("HOME", "/m")));

        Assert.Equal("/home/actors", ContainerEnvironment.Compose(actor, message, "w1", home: "/home/actors")["HOME"]);
        Assert.Equal("/m", ContainerEnvironment.Compose(actor, message, "w1")["HOME"]);
    }
}
