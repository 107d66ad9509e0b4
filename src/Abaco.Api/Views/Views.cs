using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Settings;
using Abaco.Core.Text;
using Abaco.Core.Workers;

namespace Abaco.Api.Views;

/// <summary>
/// What clients see of each model (the original's <c>display()</c>): snake_case fields, times as display strings,
/// hypermedia <c>_links</c> as <c>{api_server}/actors/v2/...</c>, and in camel mode only the top-level names
/// converted (reference §1.1).
/// </summary>
public sealed class Views(AbacoSettings settings)
{
    private CaseStyle Case => settings.Web.Case;

    public JsonObject Cased(JsonObject snake)
    {
        if (Case == CaseStyle.Snake) return snake;
        var camel = new JsonObject();
        foreach (var (key, value) in snake.ToList())
        {
            snake.Remove(key);
            camel[FieldCase.ToCamel(key)] = value;
        }
        return camel;
    }

    public static string ActorUrl(string apiServer, string actorId) => $"{apiServer}/actors/v2/{actorId}";

    public static string OwnerUrl(string apiServer, string owner) => $"{apiServer}/profiles/v2/{owner}";

    public JsonObject Actor(ActorRecord actor) => Cased(ActorSnake(actor));

    /// <summary>The actor as displayed, before case conversion (search filters on these names).</summary>
    public static JsonObject ActorSnake(ActorRecord actor)
    {
        var d = actor.Definition;
        return new JsonObject
        {
            ["id"] = actor.Id,
            ["name"] = d.Name,
            ["image"] = d.Image,
            ["description"] = d.Description,
            ["owner"] = actor.Owner,
            ["status"] = actor.Status,
            ["status_message"] = actor.StatusMessage,
            ["default_environment"] = Object(d.DefaultEnvironment),
            ["stateless"] = d.Stateless,
            ["privileged"] = d.Privileged,
            ["use_container_uid"] = d.UseContainerUid,
            ["token"] = d.Token,
            ["max_workers"] = d.MaxWorkers,
            ["mem_limit"] = d.MemLimit,
            ["max_cpus"] = d.MaxCpus,
            ["queue"] = d.Queue,
            ["hints"] = new JsonArray(d.Hints.Select(h => (JsonNode?)JsonValue.Create(h)).ToArray()),
            ["link"] = d.Link,
            ["webhook"] = d.Webhook,
            ["cron_schedule"] = d.CronSchedule,
            ["cron_on"] = d.CronOn,
            ["cron_next_ex"] = actor.CronNextEx,
            ["log_ex"] = d.LogEx,
            ["type"] = d.Type,
            ["state"] = JsonNode.Parse(actor.State.GetRawText()),
            ["mounts"] = new JsonArray(actor.Mounts.Select(m => (JsonNode?)new JsonObject
            {
                ["host_path"] = m.HostPath,
                ["container_path"] = m.ContainerPath,
                ["mode"] = m.Mode,
            }).ToArray()),
            ["revision"] = actor.Revision,
            ["uid"] = null,
            ["gid"] = null,
            ["tasdir"] = null,
            ["create_time"] = AbacoTime.Display(actor.CreateTime),
            ["last_update_time"] = AbacoTime.Display(actor.LastUpdateTime),
            ["_links"] = new JsonObject
            {
                ["self"] = ActorUrl(actor.ApiServer, actor.Id),
                ["owner"] = OwnerUrl(actor.ApiServer, actor.Owner),
                ["executions"] = $"{ActorUrl(actor.ApiServer, actor.Id)}/executions",
            },
        };
    }

    public JsonObject Execution(ExecutionRecord e) => Cased(ExecutionSnake(e));

    public static JsonObject ExecutionSnake(ExecutionRecord e) => new()
    {
        ["id"] = e.Id,
        ["actor_id"] = e.ActorId,
        ["api_server"] = e.ApiServer,
        ["executor"] = e.Executor,
        ["worker_id"] = e.WorkerId,
        ["status"] = e.Status,
        ["status_message"] = e.StatusMessage,
        ["message_received_time"] = AbacoTime.Display(e.MessageReceivedTime),
        ["start_time"] = AbacoTime.Display(e.StartTime),
        ["finish_time"] = AbacoTime.Display(e.FinishTime),
        ["runtime"] = e.Runtime,
        ["cpu"] = e.Cpu,
        ["io"] = e.Io,
        ["exit_code"] = ExitCode(e),
        ["final_state"] = FinalState(e.FinalState),
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ActorUrl(e.ApiServer, e.ActorId)}/executions/{e.Id}",
            ["owner"] = OwnerUrl(e.ApiServer, e.Executor),
            ["logs"] = $"{ActorUrl(e.ApiServer, e.ActorId)}/executions/{e.Id}/logs",
        },
    };

    /// <summary>A finished execution whose code Docker could not tell shows <c>undetermined</c>, as in the original.</summary>
    private static JsonNode? ExitCode(ExecutionRecord e) =>
        e.ExitCode is { } code ? JsonValue.Create(code)
        : ExecutionStatus.IsFinal(e.Status) && e.StartTime is not null ? JsonValue.Create("undetermined")
        : null;

    private static JsonObject? FinalState(FinalState? s) => s is null
        ? null
        : new JsonObject
        {
            ["Status"] = s.Status,
            ["Running"] = s.Running,
            ["Paused"] = s.Paused,
            ["Restarting"] = s.Restarting,
            ["OOMKilled"] = s.OOMKilled,
            ["Dead"] = s.Dead,
            ["Pid"] = s.Pid,
            ["ExitCode"] = s.ExitCode,
            ["Error"] = s.Error,
            ["StartedAt"] = AbacoTime.Display(s.StartedAt),
            ["FinishedAt"] = AbacoTime.Display(s.FinishedAt),
        };

    /// <summary>GET <c>/actors/{id}/executions</c> (the original's ExecutionsSummary).</summary>
    public JsonObject ExecutionsSummary(ActorRecord actor, IReadOnlyList<ExecutionRecord> executions) => Cased(new JsonObject
    {
        ["actor_id"] = actor.Id,
        ["api_server"] = actor.ApiServer,
        ["owner"] = actor.Owner,
        ["total_executions"] = executions.Count,
        ["total_cpu"] = executions.Sum(e => e.Cpu),
        ["total_io"] = executions.Sum(e => e.Io),
        ["total_runtime"] = executions.Sum(e => e.Runtime),
        ["executions"] = new JsonArray(executions.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id,
            ["status"] = e.Status,
            ["start_time"] = AbacoTime.Display(e.StartTime),
            ["finish_time"] = AbacoTime.Display(e.FinishTime),
            ["message_received_time"] = AbacoTime.Display(e.MessageReceivedTime),
        }).ToArray()),
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ActorUrl(actor.ApiServer, actor.Id)}/executions",
            ["owner"] = OwnerUrl(actor.ApiServer, actor.Owner),
        },
    });

    public JsonObject Logs(ExecutionRecord e, string logs) => Cased(LogsSnake(e.Id, e.ApiServer, e.ActorId, e.Executor, logs));

    public static JsonObject LogsSnake(string executionId, string apiServer, string actorId, string owner, string logs) => new()
    {
        ["logs"] = logs,
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ActorUrl(apiServer, actorId)}/executions/{executionId}/logs",
            ["owner"] = OwnerUrl(apiServer, owner),
            ["execution"] = $"{ActorUrl(apiServer, actorId)}/executions/{executionId}",
        },
    };

    public JsonObject Worker(WorkerRecord w) => Cased(WorkerSnake(w));

    public static JsonObject WorkerSnake(WorkerRecord w) => new()
    {
        ["id"] = w.Id,
        ["tenant"] = w.Tenant,
        ["status"] = w.Status,
        ["ch_name"] = w.ChName,
        ["image"] = w.Image,
        ["location"] = w.Location,
        ["cid"] = w.Cid,
        ["host_id"] = w.HostId,
        ["host_ip"] = w.HostIp,
        ["create_time"] = AbacoTime.Display(w.CreateTime),
        ["last_execution_time"] = AbacoTime.Display(w.LastExecutionTime),
        ["last_health_check_time"] = AbacoTime.Display(w.LastHealthCheckTime),
    };

    public JsonObject MessageAccepted(ActorRecord actor, string executionId, string msg, string executor) => Cased(new JsonObject
    {
        ["execution_id"] = executionId,
        ["msg"] = msg,
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ActorUrl(actor.ApiServer, actor.Id)}/executions/{executionId}",
            ["owner"] = OwnerUrl(actor.ApiServer, executor),
            ["messages"] = $"{ActorUrl(actor.ApiServer, actor.Id)}/messages",
        },
    });

    public JsonObject Purged(ActorRecord actor) => Cased(new JsonObject
    {
        ["msg"] = "Actor mailbox purged.",
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ActorUrl(actor.ApiServer, actor.Id)}/messages",
            ["owner"] = OwnerUrl(actor.ApiServer, actor.Owner),
        },
    });

    public JsonObject MessageCount(ActorRecord actor, int count) => Cased(new JsonObject
    {
        ["messages"] = count,
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ActorUrl(actor.ApiServer, actor.Id)}/messages",
            ["owner"] = OwnerUrl(actor.ApiServer, actor.Owner),
        },
    });

    private static JsonObject Object(IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in values) obj[key] = JsonNode.Parse(value.GetRawText());
        return obj;
    }
}
