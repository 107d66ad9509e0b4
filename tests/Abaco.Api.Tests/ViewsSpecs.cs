using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Api.Views;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests;

/// <summary>What clients see of actors, executions and workers (original-abaco.md §1.1 case rules, §2.1-§2.4).</summary>
public sealed class ViewsSpecs
{
    private const string Api = "http://172.17.0.1:8000";
    private static readonly DateTime Created = new(2021, 5, 17, 15, 53, 57, 88, DateTimeKind.Utc);
    private static readonly DateTime Updated = new(2021, 5, 18, 1, 2, 3, 4, DateTimeKind.Utc);

    private static Resources Snake => Resources.For(CaseStyle.Snake);
    private static Resources Camel => Resources.For(CaseStyle.Camel);

    /// <summary>The views of each resource, in one case style.</summary>
    private sealed record Resources(ActorViews Actors, ExecutionViews Executions, WorkerViews Workers, MessageViews Messages)
    {
        public static Resources For(CaseStyle style)
        {
            var viewCase = new ViewCase(Settings(style));
            return new Resources(new ActorViews(viewCase), new ExecutionViews(viewCase), new WorkerViews(viewCase),
                new MessageViews(viewCase));
        }
    }

    private static ActorRecord SampleActor() => new(
        Tenant: "DEV",
        Id: "AKeo3XGAGyRr",
        Owner: "jdoe",
        ApiServer: Api,
        Definition: ActorDefinition.ForImage("abaco/test") with
        {
            Name = "hello",
            Description = "says hi",
            DefaultEnvironment = ImmutableDictionary<string, JsonElement>.Empty
                .Add("my_key", JsonDocument.Parse("\"v\"").RootElement.Clone())
                .Add("nested_obj", JsonDocument.Parse("""{"inner_key": 1}""").RootElement.Clone()),
            MaxWorkers = 3,
            Hints = ["sync"],
            LogEx = 60,
        },
        Status: ActorStatus.Ready,
        StatusMessage: " ",
        State: JsonDocument.Parse("""{"count": 1}""").RootElement.Clone(),
        Mounts: [new MountSpec("/data/abaco", "/_abaco_data", "ro")],
        Revision: 2,
        CronNextEx: null,
        CreateTime: Created,
        LastUpdateTime: Updated);

    private static ExecutionRecord SampleExecution(string status, DateTime? start = null, DateTime? finish = null,
        long? exitCode = null, FinalState? finalState = null) => new(
        Id: "EXEC123",
        Tenant: "DEV",
        ActorId: "AKeo3XGAGyRr",
        ApiServer: Api,
        Executor: "jdoe",
        WorkerId: start is null ? null : "W1",
        Status: status,
        StatusMessage: "",
        MessageReceivedTime: Created,
        StartTime: start,
        FinishTime: finish,
        Runtime: 3,
        Cpu: 100,
        Io: 7,
        ExitCode: exitCode,
        FinalState: finalState);

    [Fact(DisplayName = "The actor display has every field of original-abaco.md §2.2 and nothing hidden")]
    public void ActorFields()
    {
        var view = Snake.Actors.Actor(SampleActor());

        string[] expected =
        [
            "id", "name", "image", "description", "owner", "status", "status_message", "default_environment",
            "stateless", "privileged", "use_container_uid", "token", "max_workers", "mem_limit", "max_cpus", "queue",
            "hints", "link", "webhook", "cron_schedule", "cron_on", "cron_next_ex", "log_ex", "type", "state", "mounts",
            "revision", "uid", "gid", "tasdir", "create_time", "last_update_time", "_links",
        ];
        Assert.Equal(expected.Order(), view.Select(p => p.Key).Order());
        foreach (var hidden in new[] { "db_id", "executions", "tenant", "api_server" })
            Assert.False(view.ContainsKey(hidden), hidden);
    }

    [Fact(DisplayName = "The actor display carries the record's values, times as display strings")]
    public void ActorValues()
    {
        var view = Snake.Actors.Actor(SampleActor());

        Assert.Equal("AKeo3XGAGyRr", (string?)view["id"]);
        Assert.Equal("hello", (string?)view["name"]);
        Assert.Equal("abaco/test", (string?)view["image"]);
        Assert.Equal("jdoe", (string?)view["owner"]);
        Assert.Equal("READY", (string?)view["status"]);
        Assert.Equal(" ", (string?)view["status_message"]);
        Assert.True((bool?)view["stateless"]);
        Assert.Equal(3, (int?)view["max_workers"]);
        Assert.Null(view["mem_limit"]);
        Assert.Equal("default", (string?)view["queue"]);
        Assert.Equal(60, (int?)view["log_ex"]);
        Assert.Equal("none", (string?)view["type"]);
        Assert.Equal(2, (int?)view["revision"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["sync"]"""), view["hints"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"count": 1}"""), view["state"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"host_path": "/data/abaco", "container_path": "/_abaco_data", "mode": "ro"}]"""), view["mounts"]));
        Assert.Equal("2021-05-17T15:53:57.088Z", (string?)view["create_time"]);
        Assert.Equal("2021-05-18T01:02:03.004Z", (string?)view["last_update_time"]);
    }

    [Fact(DisplayName = "The actor's _links are self, owner and executions under {api_server}/actors/v2 and /profiles/v2")]
    public void ActorLinks()
    {
        var links = Snake.Actors.Actor(SampleActor())["_links"]!.AsObject();

        Assert.Equal(3, links.Count);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr", (string?)links["self"]);
        Assert.Equal($"{Api}/profiles/v2/jdoe", (string?)links["owner"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions", (string?)links["executions"]);
    }

    [Fact(DisplayName = "Camel mode converts only top-level names: _links and nested objects stay as they are")]
    public void ActorCamel()
    {
        var view = Camel.Actors.Actor(SampleActor());

        Assert.True(view.ContainsKey("defaultEnvironment"));
        Assert.True(view.ContainsKey("statusMessage"));
        Assert.True(view.ContainsKey("useContainerUid"));
        Assert.True(view.ContainsKey("maxWorkers"));
        Assert.True(view.ContainsKey("lastUpdateTime"));
        Assert.True(view.ContainsKey("cronNextEx"));
        Assert.True(view.ContainsKey("_links"));
        Assert.DoesNotContain(view, p => p.Key.Contains('_') && p.Key != "_links");

        var environment = view["defaultEnvironment"]!.AsObject();
        Assert.Equal(["my_key", "nested_obj"], environment.Select(p => p.Key).Order());
        Assert.True(environment["nested_obj"]!.AsObject().ContainsKey("inner_key"));
        Assert.True(view["mounts"]![0]!.AsObject().ContainsKey("host_path"));
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr", (string?)view["_links"]!["self"]);
        Assert.Equal(3, (int?)view["maxWorkers"]);
    }

    [Fact(DisplayName = "Camel and snake displays hold the same values")]
    public void CamelSameValues()
    {
        var snake = Snake.Actors.Actor(SampleActor());
        var camel = Camel.Actors.Actor(SampleActor());

        Assert.Equal(snake.Count, camel.Count);
        foreach (var (key, value) in snake)
            Assert.True(JsonNode.DeepEquals(value, camel[Core.Text.FieldCase.ToCamel(key)]), key);
    }

    [Fact(DisplayName = "A missing time displays as \"None\"")]
    public void NoneTime()
    {
        var view = Snake.Executions.Execution(SampleExecution(ExecutionStatus.Submitted));

        Assert.Equal("2021-05-17T15:53:57.088Z", (string?)view["message_received_time"]);
        Assert.Equal("None", (string?)view["start_time"]);
        Assert.Equal("None", (string?)view["finish_time"]);
    }

    [Fact(DisplayName = "The execution display has the fields of original-abaco.md §2.3 (plus status_message), tenant hidden")]
    public void ExecutionFields()
    {
        var view = Snake.Executions.Execution(SampleExecution(ExecutionStatus.Submitted));

        string[] expected =
        [
            "id", "actor_id", "api_server", "executor", "worker_id", "status", "status_message",
            "message_received_time", "start_time", "finish_time", "runtime", "cpu", "io", "exit_code", "final_state",
            "_links",
        ];
        Assert.Equal(expected.Order(), view.Select(p => p.Key).Order());
        Assert.Equal("AKeo3XGAGyRr", (string?)view["actor_id"]);
        var links = view["_links"]!.AsObject();
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions/EXEC123", (string?)links["self"]);
        Assert.Equal($"{Api}/profiles/v2/jdoe", (string?)links["owner"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions/EXEC123/logs", (string?)links["logs"]);
    }

    [Theory(DisplayName = "exit_code is null until the execution has finished")]
    [InlineData(ExecutionStatus.Submitted, false)]
    [InlineData(ExecutionStatus.Running, true)]
    public void ExitCodeBeforeEnd(string status, bool started)
    {
        var view = Snake.Executions.Execution(SampleExecution(status, start: started ? Created : null));

        Assert.True(view.ContainsKey("exit_code"));
        Assert.Null(view["exit_code"]);
    }

    [Theory(DisplayName = "A finished run without an exit code shows exit_code \"undetermined\"")]
    [InlineData(ExecutionStatus.Complete)]
    [InlineData(ExecutionStatus.Error)]
    public void ExitCodeUndetermined(string status) =>
        Assert.Equal("undetermined", (string?)Snake.Executions.Execution(SampleExecution(status, Created, Updated))["exit_code"]);

    [Fact(DisplayName = "A finished run shows its exit code as a number")]
    public void ExitCodeKnown()
    {
        var view = Snake.Executions.Execution(SampleExecution(ExecutionStatus.Complete, Created, Updated, exitCode: 137));
        Assert.Equal(JsonValueKind.Number, view["exit_code"]!.GetValueKind());
        Assert.Equal(137, (long?)view["exit_code"]);
    }

    [Fact(DisplayName = "final_state shows docker's State fields with display times; camel leaves it untouched")]
    public void FinalStateView()
    {
        var state = new FinalState("exited", false, false, false, true, false, 0, 137, "", Created, null);
        var execution = SampleExecution(ExecutionStatus.Complete, Created, Updated, 137, state);
        var snake = Snake.Executions.Execution(execution);
        var camel = Camel.Executions.Execution(execution);

        var expected = JsonNode.Parse("""
            {"Status": "exited", "Running": false, "Paused": false, "Restarting": false, "OOMKilled": true,
             "Dead": false, "Pid": 0, "ExitCode": 137, "Error": "", "StartedAt": "2021-05-17T15:53:57.088Z",
             "FinishedAt": "None"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, snake["final_state"]), snake["final_state"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected, camel["finalState"]));
        Assert.Equal("undetermined", (string?)Snake.Executions.Execution(execution with { ExitCode = null })["exit_code"]);
        Assert.Null(Snake.Executions.Execution(SampleExecution(ExecutionStatus.Submitted))["final_state"]);
    }

    [Fact(DisplayName = "Camel execution display: executionId-style names, _links kept")]
    public void ExecutionCamel()
    {
        var view = Camel.Executions.Execution(SampleExecution(ExecutionStatus.Running, Created));

        foreach (var key in new[] { "actorId", "apiServer", "workerId", "statusMessage", "messageReceivedTime", "startTime",
                     "finishTime", "exitCode", "finalState", "_links" })
            Assert.True(view.ContainsKey(key), key);
        Assert.Equal("W1", (string?)view["workerId"]);
    }

    [Fact(DisplayName = "The executions summary adds up the totals and lists per-execution summaries")]
    public void ExecutionsSummary()
    {
        var executions = new[]
        {
            SampleExecution(ExecutionStatus.Complete, Created, Updated, 0),
            SampleExecution(ExecutionStatus.Submitted) with { Id = "EXEC456", Cpu = 5, Io = 1, Runtime = 0 },
        };
        var view = Snake.Executions.ExecutionsSummary(SampleActor(), executions);

        Assert.Equal(2, (int?)view["total_executions"]);
        Assert.Equal(105, (long?)view["total_cpu"]);
        Assert.Equal(8, (long?)view["total_io"]);
        Assert.Equal(3, (long?)view["total_runtime"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"id": "EXEC123", "status": "COMPLETE", "start_time": "2021-05-17T15:53:57.088Z",
              "finish_time": "2021-05-18T01:02:03.004Z", "message_received_time": "2021-05-17T15:53:57.088Z"},
             {"id": "EXEC456", "status": "SUBMITTED", "start_time": "None", "finish_time": "None",
              "message_received_time": "2021-05-17T15:53:57.088Z"}]
            """), view["executions"]));
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions", (string?)view["_links"]!["self"]);

        var camel = Camel.Executions.ExecutionsSummary(SampleActor(), executions);
        Assert.True(camel.ContainsKey("totalExecutions"));
        Assert.True(camel["executions"]![0]!.AsObject().ContainsKey("start_time"));
    }

    [Fact(DisplayName = "The logs view holds the text and links to itself, the owner and the execution")]
    public void LogsView()
    {
        var view = Snake.Executions.Logs(SampleExecution(ExecutionStatus.Complete, Created, Updated, 0), "hello\n");

        Assert.Equal("hello\n", (string?)view["logs"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions/EXEC123/logs", (string?)view["_links"]!["self"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions/EXEC123", (string?)view["_links"]!["execution"]);
    }

    [Fact(DisplayName = "The worker display has the fields of original-abaco.md §2.4 with tenant and ch_name, times as display strings")]
    public void WorkerView()
    {
        var worker = new WorkerRecord("W1", "DEV", "AKeo3XGAGyRr", WorkerStatus.Ready, "abaco/test", 1,
            "unix:///var/run/docker.sock", "c0ffee", "0", "127.0.0.1", Created, null, Updated);
        var view = Snake.Workers.Worker(worker);

        string[] expected =
        [
            "id", "tenant", "status", "ch_name", "image", "location", "cid", "host_id", "host_ip", "create_time",
            "last_execution_time", "last_health_check_time",
        ];
        Assert.Equal(expected.Order(), view.Select(p => p.Key).Order());
        Assert.Equal("worker_W1", (string?)view["ch_name"]);
        Assert.Equal("None", (string?)view["last_execution_time"]);
        Assert.Equal("2021-05-18T01:02:03.004Z", (string?)view["last_health_check_time"]);
        Assert.True(Camel.Workers.Worker(worker).ContainsKey("lastHealthCheckTime"));
    }

    [Fact(DisplayName = "The message-accepted and message-count views, snake and camel (executionId)")]
    public void MessageAcceptedAndCount()
    {
        var accepted = Snake.Messages.MessageAccepted(SampleActor(), "EXEC123", "hi", "alice");
        Assert.Equal("EXEC123", (string?)accepted["execution_id"]);
        Assert.Equal("hi", (string?)accepted["msg"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/executions/EXEC123", (string?)accepted["_links"]!["self"]);
        Assert.Equal($"{Api}/profiles/v2/alice", (string?)accepted["_links"]!["owner"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/messages", (string?)accepted["_links"]!["messages"]);
        Assert.True(Camel.Messages.MessageAccepted(SampleActor(), "EXEC123", "hi", "alice").ContainsKey("executionId"));

        var count = Snake.Messages.MessageCount(SampleActor(), 4);
        Assert.Equal(4, (int?)count["messages"]);
        Assert.Equal($"{Api}/actors/v2/AKeo3XGAGyRr/messages", (string?)count["_links"]!["self"]);
    }
}
